package dev.artie.email;

import dev.artie.catalogue.ArtieService;
import dev.artie.shared.channel.ChannelQueue;
import dev.artie.shared.channel.LimitedSender;
import dev.artie.shared.metrics.MessageCounter;
import dev.artie.shared.metrics.MessageCounter.Outcome;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.RedisMarker;
import dev.artie.shared.queue.Streams;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.inject.Singleton;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to one unseen mail and does it: queue it for Artie; answer it with why it cannot be read
 * (too large, too many MIME parts, too long a text); or leave it unanswered (auto-replies, Artie's own mail, empty
 * mail, an unverified sender when so configured). The \Seen flag is set last, only after the mail is queued or
 * answered, so a crash or a queue outage leaves the mail unseen and it is picked up again; the message id is derived
 * from the mail's Message-ID and queued once ({@link ChannelQueue#sendOnce}), so a mail taken again is not queued
 * twice. While one instance takes a mail it holds the mail's claim, so an instance that overlaps it (a rolling
 * update) leaves that mail alone instead of spending the person's rate limit on it a second time, or answering it
 * with a refusal that would take the reply's place. The person is the From: address only when {@link SenderCheck} verifies it; any other mail is answered as a
 * stranger of its own, with no memories (docs/security.md, "Email senders").
 */
@Singleton
class MailIntake {
    static final String CHANNEL = ArtieService.EMAIL.channel();
    static final String SUBJECT = "subject";
    static final String MESSAGE_ID = "messageId";
    static final String REFERENCES = "references";
    /** Where the reply goes: always the From: address, never the sender-chosen Reply-To. */
    static final String REPLY_TO = "replyTo";
    /** "true" when the From: address was verified and is the person. */
    static final String SENDER_VERIFIED = "senderVerified";
    /** Prefix of the person id of a mail whose sender is not verified: a stranger with no memories. */
    static final String UNVERIFIED_PERSON = "unverified:";

    private static final Logger LOG = LoggerFactory.getLogger(MailIntake.class);
    /** Far longer than taking one mail lasts; a claim outlives its instance's crash only by this. */
    private static final Duration TAKING_KEPT = Duration.ofMinutes(2);

    /** Queues within the rate limits; beyond them a short polite mail answers instead (docs/security.md). */
    private final LimitedSender limited;

    private final ChannelQueue queue;
    private final SenderCheck senders;
    private final EmailSettings settings;
    private final MessageCounter messages;
    /** The mails an instance is taking now, by queue id. */
    private final RedisMarker taking;

    MailIntake(
            LimitedSender limited,
            ChannelQueue queue,
            SenderCheck senders,
            EmailSettings settings,
            MessageCounter messages,
            StatefulRedisConnection<String, String> redis) {
        this.limited = limited;
        this.queue = queue;
        this.senders = senders;
        this.settings = settings;
        this.messages = messages;
        this.taking = taking(redis);
    }

    static RedisMarker taking(StatefulRedisConnection<String, String> redis) {
        return new RedisMarker(redis.sync(), "artie:email:taking:", TAKING_KEPT);
    }

    /**
     * Handles one mail; throws (leaving it unseen) when it cannot be queued now. False when another instance is
     * taking it: it stays unseen, and is looked at again if that instance does not mark it seen.
     */
    boolean take(Message mail) throws MessagingException, IOException {
        String messageId = messageId(mail);
        Optional<String> skip = reasonToSkip(mail);
        if (skip.isPresent()) {
            LOG.info("mail {} not answered: {}", messageId, skip.get());
            markSeen(mail);
            return true;
        }
        boolean verified = senders.verified(mail, sender(mail));
        if (!verified && settings.unverifiedSenders() == EmailSettings.UnverifiedSenders.IGNORE) {
            LOG.info("mail {} not answered: its sender is not verified", messageId);
            count(Outcome.UNVERIFIED);
            markSeen(mail);
            return true;
        }
        if (mail.getSize() > settings.maxSize()) {
            refuse(
                    mail,
                    messageId,
                    verified,
                    Outcome.TOO_LARGE,
                    "Your mail is " + kilobytes(mail.getSize())
                            + " KB; I can read mails of up to " + kilobytes(settings.maxSize())
                            + " KB. Please send your"
                            + " question as plain text, without attachments.");
            return true;
        }
        // Reading the text must leave the mail unseen (mail.imap.peek); only queueing it below may change that.
        String text;
        try {
            text = QuotedText.strip(MailText.of(mail));
        } catch (MailText.TooComplex e) {
            refuse(
                    mail,
                    messageId,
                    verified,
                    Outcome.TOO_COMPLEX,
                    "I could not read your mail: " + e.getMessage() + ". Please send your question as plain text.");
            return true;
        }
        if (text.isEmpty()) {
            LOG.info("mail {} not answered: no text of its own", messageId);
            count(Outcome.EMPTY);
            markSeen(mail);
            return true;
        }
        IncomingMessage message = incoming(mail, messageId, verified, text);
        if (!taking.claim(message.id(), "taking")) {
            LOG.info("mail {} is being taken by another instance; leaving it to that one", messageId);
            return false;
        }
        try {
            // Checked before the rate limit, so taking a mail again neither spends nor trips it.
            if (queue.alreadyQueued(message.id())) {
                // Queued before a crash kept it from being marked seen, or delivered to the inbox twice.
                LOG.info("mail {} was already queued; marking it seen", messageId);
                count(Outcome.DUPLICATE);
                markSeen(mail);
                return true;
            }
            limited.sendOnce(message);
            markSeen(mail);
            return true;
        } finally {
            taking.clear(message.id());
        }
    }

    private Optional<String> reasonToSkip(Message mail) throws MessagingException {
        String sender = sender(mail);
        if (sender == null) {
            count(Outcome.IGNORED);
            return Optional.of("no sender address");
        }
        if (sender.equals(Threading.normalizeAddress(settings.address()))) {
            count(Outcome.IGNORED);
            return Optional.of("sent by Artie itself");
        }
        Optional<String> automatic = AutoReplies.reason(mail, sender);
        if (automatic.isPresent()) {
            count(Outcome.AUTO_REPLY);
            return automatic;
        }
        return Optional.empty();
    }

    /** Answers a mail that cannot be read with why, threaded like any reply, and marks it seen. */
    private void refuse(Message mail, String messageId, boolean verified, Outcome outcome, String text)
            throws MessagingException {
        limited.refuse(incoming(mail, messageId, verified, ""), outcome, text);
        LOG.info("mail {} answered without being read: {}", messageId, outcome);
        markSeen(mail);
    }

    private static long kilobytes(long bytes) {
        return (bytes + 1023) / 1024;
    }

    private IncomingMessage incoming(Message mail, String messageId, boolean verified, String text)
            throws MessagingException {
        List<String> references = Threading.ids(header(mail, "References"));
        List<String> inReplyTo = Threading.ids(header(mail, "In-Reply-To"));
        String id = queueId(messageId);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(SUBJECT, mail.getSubject() == null ? "" : mail.getSubject());
        metadata.put(MESSAGE_ID, messageId);
        metadata.put(REFERENCES, Threading.replyReferences(references, inReplyTo, messageId));
        metadata.put(REPLY_TO, fromAddress(mail));
        metadata.put(SENDER_VERIFIED, Boolean.toString(verified));
        // An unverified sender is a stranger of this one mail: no one's memories or history are theirs.
        String person = verified ? sender(mail) : UNVERIFIED_PERSON + id;
        return IncomingMessage.create(
                id,
                CHANNEL,
                person,
                Threading.root(references, inReplyTo, messageId),
                text,
                Streams.outgoing(CHANNEL),
                metadata);
    }

    /** The queue id of a mail: a UUID made from a SHA-256 of its Message-ID, the same every time it is read. */
    static String queueId(String messageId) {
        byte[] hash = sha256("email|" + messageId);
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        // RFC 9562 version 8 (custom), variant 10.
        long high = (bits.getLong() & ~0xF000L) | 0x8000L;
        long low = (bits.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static String messageId(Message mail) throws MessagingException {
        String id = mail instanceof MimeMessage mime ? mime.getMessageID() : null;
        if (id != null && !id.isBlank()) {
            return id.trim();
        }
        // A mail without a Message-ID (rare, broken clients) still needs a stable id for threading and dedup.
        String stable =
                String.join("|", header(mail, "Date"), header(mail, "From"), header(mail, "To"), mail.getSubject());
        return "<artie-" + HexFormat.of().formatHex(sha256(stable), 0, 16) + "@artie>";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sender(Message mail) throws MessagingException {
        Address[] from = mail.getFrom();
        if (from == null
                || from.length == 0
                || !(from[0] instanceof InternetAddress address)
                || address.getAddress() == null
                || !address.getAddress().contains("@")) {
            return null;
        }
        return Threading.normalizeAddress(address.getAddress());
    }

    /** The From: address as written (the reply is addressed as the person writes it); never Reply-To. */
    private static String fromAddress(Message mail) throws MessagingException {
        return ((InternetAddress) mail.getFrom()[0]).getAddress();
    }

    private static String header(Message mail, String name) throws MessagingException {
        String[] values = mail.getHeader(name);
        return values == null || values.length == 0 ? null : String.join(" ", values);
    }

    private static void markSeen(Message mail) throws MessagingException {
        mail.setFlag(Flags.Flag.SEEN, true);
    }

    private void count(Outcome outcome) {
        messages.count(CHANNEL, outcome);
    }
}
