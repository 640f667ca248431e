package dev.artie.email;

import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.channel.LimitedSender;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what happens to one unseen mail and does it: queue it for Artie; answer it with why it cannot be read
 * (too large, too many MIME parts, too long a text); or leave it unanswered (auto-replies, Artie's own mail, empty
 * mail). The \Seen flag is set last, only after the mail is queued or answered, so a crash or a queue outage leaves
 * the mail unseen and it is picked up again.
 */
@Singleton
class MailIntake {
    static final String CHANNEL = "email";
    static final String SUBJECT = "subject";
    static final String MESSAGE_ID = "messageId";
    static final String REFERENCES = "references";
    static final String REPLY_TO = "replyTo";
    private static final Logger LOG = LoggerFactory.getLogger(MailIntake.class);

    /** Queues within the rate limits; beyond them a short polite mail answers instead (docs/security.md). */
    private final LimitedSender queue;
    private final QueuedMails queued;
    private final EmailSettings settings;
    private final MeterRegistry metrics;

    MailIntake(LimitedSender queue, QueuedMails queued, EmailSettings settings, MeterRegistry metrics) {
        this.queue = queue;
        this.queued = queued;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Handles one mail; throws (leaving it unseen) when it cannot be queued now. */
    void take(Message mail) throws MessagingException, IOException {
        String messageId = messageId(mail);
        Optional<String> skip = reasonToSkip(mail);
        if (skip.isPresent()) {
            LOG.info("mail {} not answered: {}", messageId, skip.get());
            markSeen(mail);
            return;
        }
        if (mail.getSize() > settings.maxSize()) {
            refuse(mail, messageId, "too_large", "Your mail is " + kilobytes(mail.getSize()) + " KB; I can read mails"
                    + " of up to " + kilobytes(settings.maxSize()) + " KB. Please send your question as plain text,"
                    + " without attachments.");
            return;
        }
        // Reading the text must leave the mail unseen (mail.imap.peek); only queueing it below may change that.
        String text;
        try {
            text = QuotedText.strip(MailText.of(mail));
        } catch (MailText.TooComplex e) {
            refuse(mail, messageId, "too_complex", "I could not read your mail: " + e.getMessage()
                    + ". Please send your question as plain text.");
            return;
        }
        if (text.isEmpty()) {
            LOG.info("mail {} not answered: no text of its own", messageId);
            count("empty");
            markSeen(mail);
            return;
        }
        if (queued.contains(messageId)) {
            // Queued before a crash kept it from being marked seen.
            LOG.info("mail {} was already queued; marking it seen", messageId);
            count("duplicate");
            markSeen(mail);
            return;
        }
        queue.send(incoming(mail, messageId, text));
        queued.add(messageId);
        markSeen(mail);
    }

    private Optional<String> reasonToSkip(Message mail) throws MessagingException {
        String sender = sender(mail);
        if (sender == null) {
            count("ignored");
            return Optional.of("no sender address");
        }
        if (sender.equals(Threading.normalizeAddress(settings.address()))) {
            count("ignored");
            return Optional.of("sent by Artie itself");
        }
        Optional<String> automatic = AutoReplies.reason(mail, sender);
        if (automatic.isPresent()) {
            count("auto_reply");
            return automatic;
        }
        return Optional.empty();
    }

    /** Answers a mail that cannot be read with why, threaded like any reply, and marks it seen. */
    private void refuse(Message mail, String messageId, String outcome, String text) throws MessagingException {
        queue.refuse(incoming(mail, messageId, ""), outcome, text);
        LOG.info("mail {} answered without being read: {}", messageId, outcome);
        markSeen(mail);
    }

    private static long kilobytes(long bytes) {
        return (bytes + 1023) / 1024;
    }

    private IncomingMessage incoming(Message mail, String messageId, String text) throws MessagingException {
        List<String> references = Threading.ids(header(mail, "References"));
        List<String> inReplyTo = Threading.ids(header(mail, "In-Reply-To"));
        String sender = sender(mail);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(SUBJECT, mail.getSubject() == null ? "" : mail.getSubject());
        metadata.put(MESSAGE_ID, messageId);
        metadata.put(REFERENCES, Threading.replyReferences(references, inReplyTo, messageId));
        metadata.put(REPLY_TO, replyAddress(mail, sender));
        return IncomingMessage.create(CHANNEL, sender, Threading.root(references, inReplyTo, messageId), text,
                Streams.outgoing(CHANNEL), metadata);
    }

    private static String messageId(Message mail) throws MessagingException {
        String id = mail instanceof MimeMessage mime ? mime.getMessageID() : null;
        if (id != null && !id.isBlank()) {
            return id.trim();
        }
        // A mail without a Message-ID (rare, broken clients) still needs a stable id for threading and dedup.
        return "<artie-" + Integer.toHexString(
                (header(mail, "Date") + "|" + header(mail, "From") + "|" + mail.getSubject()).hashCode()) + "@artie>";
    }

    static String sender(Message mail) throws MessagingException {
        Address[] from = mail.getFrom();
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress address)
                || address.getAddress() == null || !address.getAddress().contains("@")) {
            return null;
        }
        return Threading.normalizeAddress(address.getAddress());
    }

    private static String replyAddress(Message mail, String sender) throws MessagingException {
        Address[] replyTo = mail.getReplyTo();
        if (replyTo != null && replyTo.length > 0 && replyTo[0] instanceof InternetAddress address
                && address.getAddress() != null) {
            return address.getAddress();
        }
        return sender;
    }

    private static String header(Message mail, String name) throws MessagingException {
        String[] values = mail.getHeader(name);
        return values == null || values.length == 0 ? null : String.join(" ", values);
    }

    private static void markSeen(Message mail) throws MessagingException {
        mail.setFlag(Flags.Flag.SEEN, true);
    }

    private void count(String outcome) {
        metrics.counter("artie.messages", "channel", CHANNEL, "outcome", outcome).increment();
    }
}
