package dev.artie.sms;

import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.messaging.Message;
import dev.artie.shared.channel.LimitedSender;
import dev.artie.shared.metrics.MessageCounter;
import dev.artie.shared.metrics.MessageCounter.Outcome;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.Streams;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /sms/webhook}: Twilio's inbound-message webhook. A request whose signature does not check out is
 * refused before anything else happens; a genuine message is queued and answered at once with empty TwiML, the
 * reply following later through the Messages API ({@link SmsReplies}). Keywords are answered here, in TwiML,
 * without the model.
 */
@Controller("/sms")
class SmsWebhookController {
    static final String FROM = "from";
    static final String TO = "to";
    static final String HELP_TEXT = "Artie: an AI assistant. Text any question and Artie answers. "
            + "Reply STOP to unsubscribe, START to resume. Msg&data rates may apply.";
    static final String STOP_TEXT =
            "You are unsubscribed from Artie and will get no more messages. Reply START to resume.";
    static final String START_TEXT =
            "Welcome back: Artie will answer your messages again. Reply HELP for help, STOP to stop.";
    static final String MEDIA_ONLY_TEXT = "Artie can only read the text of a message; pictures and other media are"
            + " not read. Please send your question as text.";
    private static final Logger LOG = LoggerFactory.getLogger(SmsWebhookController.class);
    private static final MediaType TWIML = MediaType.of("application/xml");

    private final WebhookSignature signature;
    /** Queues within the rate limits; beyond them a short polite SMS answers instead (docs/security.md). */
    private final LimitedSender queue;

    private final OptOuts optOuts;
    private final MessageCounter messages;

    SmsWebhookController(WebhookSignature signature, LimitedSender queue, OptOuts optOuts, MessageCounter messages) {
        this.signature = signature;
        this.queue = queue;
        this.optOuts = optOuts;
        this.messages = messages;
    }

    @Post(uri = "/webhook", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<String> inbound(
            HttpRequest<?> request,
            @Body Map<String, String> form,
            @Header("X-Twilio-Signature") @Nullable String twilioSignature) {
        String query = request.getUri().getRawQuery();
        String pathAndQuery = request.getPath() + (query == null ? "" : "?" + query);
        if (!signature.isValid(pathAndQuery, form, twilioSignature)) {
            // No detail for the caller; the log says enough to find a wrong ARTIE_SMS_PUBLIC_URL.
            LOG.warn(
                    "refused a webhook request with {} signature for {}",
                    twilioSignature == null ? "no" : "a wrong",
                    pathAndQuery);
            count(Outcome.FORBIDDEN);
            return HttpResponse.<String>status(HttpStatus.FORBIDDEN).body("forbidden");
        }
        String from = form.get("From");
        String body = form.getOrDefault("Body", "");
        if (from == null || from.isBlank()) {
            count(Outcome.REJECTED);
            return HttpResponse.badRequest("From is missing");
        }
        return switch (Keyword.of(body, optOuts.isOptedOut(from))) {
            case STOP -> {
                optOuts.optOut(from);
                count(Outcome.STOP);
                yield twiml(STOP_TEXT);
            }
            case START -> {
                optOuts.optIn(from);
                count(Outcome.START);
                yield twiml(START_TEXT);
            }
            case HELP -> {
                count(Outcome.HELP);
                yield twiml(HELP_TEXT);
            }
            case NONE -> queue(from, form.get("To"), body, form.getOrDefault("NumMedia", "0"));
        };
    }

    /** Media (MMS) is never fetched and its URLs are not passed on: only the text is Artie's to read. */
    private HttpResponse<String> queue(String from, @Nullable String to, String body, String numMedia) {
        if (optOuts.isOptedOut(from)) {
            // Nothing could be sent back, so the model is not asked.
            count(Outcome.IGNORED);
            return twiml(null);
        }
        if (body.isBlank()) {
            boolean mediaOnly = !numMedia.strip().equals("0") && !numMedia.isBlank();
            count(mediaOnly ? Outcome.MEDIA_ONLY : Outcome.IGNORED);
            return twiml(mediaOnly ? MEDIA_ONLY_TEXT : null);
        }
        Map<String, String> metadata = to == null ? Map.of(FROM, from) : Map.of(FROM, from, TO, to);
        try {
            queue.send(IncomingMessage.create(
                    SmsReplies.CHANNEL, from, from, body, Streams.outgoing(SmsReplies.CHANNEL), metadata));
        } catch (RuntimeException e) {
            // Twilio does not retry; the person gets an error notice from nobody, so say it in the log clearly.
            LOG.error("could not queue an SMS (queue unreachable): {}", e.getMessage());
            count(Outcome.UNAVAILABLE);
            return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).body("queue unavailable");
        }
        return twiml(null);
    }

    private static HttpResponse<String> twiml(@Nullable String text) {
        MessagingResponse.Builder response = new MessagingResponse.Builder();
        if (text != null) {
            response.message(new Message.Builder(text).build());
        }
        return HttpResponse.ok(response.build().toXml()).contentType(TWIML);
    }

    private void count(Outcome outcome) {
        messages.count(SmsReplies.CHANNEL, outcome);
    }
}
