package dev.artie.email;

import dev.artie.shared.channel.ChannelQueue;
import dev.artie.shared.channel.DeliveryProgress;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.Streams;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Takes Artie's replies off {@code artie:outgoing:email} and mails them over SMTP. */
@Context
class ReplySender {
    private static final Logger LOG = LoggerFactory.getLogger(ReplySender.class);

    private final ChannelQueue queue;
    private final MailSessions sessions;
    private final DeliveryProgress progress;
    private final EmailSettings settings;

    ReplySender(ChannelQueue queue, MailSessions sessions, DeliveryProgress progress, EmailSettings settings) {
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
     * Throws when the SMTP server fails, so the queue retries the reply. A reply redelivered after it was mailed
     * (the service died before acknowledging it) is recognised by its recorded progress and not mailed twice.
     */
    void deliver(ReplyMessage reply) throws MessagingException {
        if (progress.partsSent(MailIntake.CHANNEL, reply.id()) > 0) {
            LOG.info("reply {} was already mailed; not sending it twice", reply.id());
            return;
        }
        sessions.send(ReplyMail.of(reply, settings.address(), sessions.smtp()));
        progress.recordSent(MailIntake.CHANNEL, reply.id(), 1);
        LOG.info("reply {} mailed in answer to {}", reply.id(), reply.metadata().get(MailIntake.MESSAGE_ID));
    }
}
