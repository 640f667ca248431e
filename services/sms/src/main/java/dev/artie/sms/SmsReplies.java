package dev.artie.sms;

import dev.artie.catalogue.ArtieService;
import dev.artie.shared.channel.ChannelQueue;
import dev.artie.shared.channel.DeliveryProgress;
import dev.artie.shared.channel.ReplyParts;
import dev.artie.shared.metrics.MessageCounter;
import dev.artie.shared.metrics.MessageCounter.Outcome;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.Streams;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Takes Artie's replies off {@code artie:outgoing:sms} and texts them to the person, split into SMS-sized parts. */
@Context
class SmsReplies {
    static final String CHANNEL = ArtieService.SMS.channel();
    /** Twilio refuses a Messages API body longer than this. */
    static final int MAX_LENGTH = 1600;
    /**
     * Every 153 characters (67 with emoji or a non-Latin script) are billed as one segment: about 32 segments, 72 for
     * text beyond GSM-7; a longer reply ends with "(reply shortened)".
     */
    static final int MAX_PARTS = 3;
    /** An SMS shows Markdown as typed: code fences are text like any other. */
    static final ReplyParts PARTS = new ReplyParts(MAX_LENGTH, MAX_PARTS, false);

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
        progress.deliver(CHANNEL, reply, PARTS, (i, part) -> {
            // Checked before every part: a STOP that arrives while a long reply goes out ends it there.
            if (optOuts.isOptedOut(to)) {
                LOG.info("reply {} not sent: the person opted out (STOP)", reply.id());
                messages.count(CHANNEL, Outcome.OPTED_OUT);
                return Optional.empty();
            }
            try {
                return Optional.of(twilio.send(to, part));
            } catch (TwilioMessages.RecipientUnsubscribed e) {
                // Twilio remembers a STOP we lost (Redis and the opt-out file both gone): learn it again, and stop.
                optOuts.optOut(to);
                LOG.info(
                        "reply {} not sent: the person opted out at Twilio (error {}); opt-out recorded again",
                        reply.id(),
                        TwilioMessages.UNSUBSCRIBED_RECIPIENT);
                messages.count(CHANNEL, Outcome.OPTED_OUT);
                return Optional.empty();
            }
        });
    }
}
