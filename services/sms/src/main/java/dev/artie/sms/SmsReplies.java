package dev.artie.sms;

import dev.artie.catalogue.ArtieService;
import dev.artie.shared.channel.ChannelQueue;
import dev.artie.shared.channel.DeliveryProgress;
import dev.artie.shared.metrics.MessageCounter;
import dev.artie.shared.metrics.MessageCounter.Outcome;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.Streams;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Takes Artie's replies off {@code artie:outgoing:sms} and texts them to the person, split into SMS-sized parts. */
@Context
class SmsReplies {
    static final String CHANNEL = ArtieService.SMS.channel();
    private static final Logger LOG = LoggerFactory.getLogger(SmsReplies.class);

    private final ChannelQueue queue;
    private final TwilioMessages twilio;
    private final OptOuts optOuts;
    private final DeliveryProgress progress;
    private final MessageCounter messages;

    SmsReplies(
            ChannelQueue queue,
            TwilioMessages twilio,
            OptOuts optOuts,
            DeliveryProgress progress,
            MessageCounter messages) {
        this.queue = queue;
        this.twilio = twilio;
        this.optOuts = optOuts;
        this.progress = progress;
        this.messages = messages;
    }

    @PostConstruct
    void start() {
        queue.onReplies(Streams.outgoing(CHANNEL), CHANNEL, this::deliver);
    }

    /**
     * Throws when Twilio fails, so the queue retries (or, for a refusal, dead-letters); parts already sent are not
     * sent again, and no part is sent by two consumers.
     */
    void deliver(ReplyMessage reply) throws Exception {
        String to = reply.metadata().getOrDefault(SmsWebhookController.FROM, reply.personId());
        List<String> parts = SmsParts.split(reply.text());
        progress.deliver(CHANNEL, reply.id(), parts.size(), i -> {
            // Checked before every part: a STOP that arrives while a long reply goes out ends it there.
            if (optOuts.isOptedOut(to)) {
                LOG.info("reply {} not sent: the person opted out (STOP)", reply.id());
                messages.count(CHANNEL, Outcome.OPTED_OUT);
                return false;
            }
            try {
                String sid = twilio.send(to, parts.get(i));
                LOG.info("reply {} part {}/{} sent as {}", reply.id(), i + 1, parts.size(), sid);
                return true;
            } catch (TwilioMessages.RecipientUnsubscribed e) {
                // Twilio remembers a STOP we lost (Redis and the opt-out file both gone): learn it again, and stop.
                optOuts.optOut(to);
                LOG.info(
                        "reply {} not sent: the person opted out at Twilio (error {}); opt-out recorded again",
                        reply.id(),
                        TwilioMessages.UNSUBSCRIBED_RECIPIENT);
                messages.count(CHANNEL, Outcome.OPTED_OUT);
                return false;
            }
        });
    }
}
