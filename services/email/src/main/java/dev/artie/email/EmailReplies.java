package dev.artie.email;

import dev.artie.shared.channel.ChannelQueue;
import dev.artie.shared.channel.DeliveryProgress;
import dev.artie.shared.queue.PermanentFailureException;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.Streams;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.mail.MessagingException;
import java.util.Optional;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Takes Artie's replies off {@code artie:outgoing:email} and mails them over SMTP. */
@Context
class EmailReplies {
    private static final Logger LOG = LoggerFactory.getLogger(EmailReplies.class);

    private final ChannelQueue queue;
    private final MailSessions sessions;
    private final DeliveryProgress progress;
    private final EmailSettings settings;

    EmailReplies(ChannelQueue queue, MailSessions sessions, DeliveryProgress progress, EmailSettings settings) {
        this.queue = queue;
        this.sessions = sessions;
        this.progress = progress;
        this.settings = settings;
    }

    @PostConstruct
    void start() {
        queue.onReplies(Streams.outgoing(MailIntake.CHANNEL), MailIntake.CHANNEL, this::deliver);
    }

    /**
     * Throws when the SMTP server fails, so the queue retries the reply; a permanent refusal (an SMTP 5xx reply,
     * such as an unknown recipient) dead-letters it with the server's reason. A reply redelivered after it was
     * mailed (the service died before acknowledging it) is recognised by its recorded progress and not mailed twice.
     */
    void deliver(ReplyMessage reply) throws Exception {
        progress.deliver(MailIntake.CHANNEL, reply.id(), 1, part -> {
            send(reply);
            LOG.info(
                    "reply {} mailed in answer to {}",
                    reply.id(),
                    reply.metadata().get(MailIntake.MESSAGE_ID));
            return true;
        });
    }

    private void send(ReplyMessage reply) throws MessagingException, PermanentFailureException {
        try {
            sessions.send(ReplyMail.of(reply, settings.address(), sessions.smtp()));
        } catch (MessagingException e) {
            Optional<MessagingException> refusal = smtpRefusal(e);
            int code = refusal.map(EmailReplies::replyCode).orElse(0);
            if (code >= 500 && code < 600) {
                // The refusal's own message is the server's reply ("550 5.1.1 <...>: no such mailbox"); the outer
                // one says only "Invalid Addresses".
                throw new PermanentFailureException(
                        "the SMTP server refused the reply (" + code + "): "
                                + refusal.get().getMessage().strip(),
                        e);
            }
            throw e;
        }
    }

    /** The SMTP server's refusal, from the exception or the ones chained to it. */
    private static Optional<MessagingException> smtpRefusal(MessagingException e) {
        for (Exception next = e;
                next != null;
                next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPSendFailedException || next instanceof SMTPAddressFailedException) {
                return Optional.of((MessagingException) next);
            }
        }
        return Optional.empty();
    }

    private static int replyCode(MessagingException refusal) {
        return refusal instanceof SMTPSendFailedException failed
                ? failed.getReturnCode()
                : ((SMTPAddressFailedException) refusal).getReturnCode();
    }
}
