package dev.artie.sms;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import dev.artie.shared.queue.PermanentFailureException;
import dev.artie.shared.queue.RetryLaterException;
import jakarta.inject.Singleton;

/** Sends one SMS through Twilio's Messages API, from Artie's number. */
@Singleton
class TwilioMessages {
    private final RebasedHttpClient http;
    private final TwilioRestClient client;
    private final String from;

    TwilioMessages(SmsSettings settings) {
        // The client of our own, not the static Twilio.init(): no global state, and the API base is ours to set.
        this.http = new RebasedHttpClient(settings.apiBase());
        this.client = new TwilioRestClient.Builder(settings.accountSid(), settings.authToken())
                .accountSid(settings.accountSid())
                .httpClient(http)
                .build();
        this.from = settings.fromNumber();
    }

    /**
     * Twilio's error "Attempt to send to unsubscribed recipient": the number texted STOP to Twilio, which keeps that
     * state itself, whatever became of ours.
     */
    static final int UNSUBSCRIBED_RECIPIENT = 21610;

    /** Twilio refused the message because the number opted out ({@link #UNSUBSCRIBED_RECIPIENT}). */
    static final class RecipientUnsubscribed extends Exception {
        RecipientUnsubscribed(ApiException cause) {
            super("Twilio error " + UNSUBSCRIBED_RECIPIENT + ": " + cause.getMessage(), cause);
        }
    }

    /**
     * Sends {@code body} to {@code to}. A number that opted out at Twilio is {@link RecipientUnsubscribed}; any other
     * refusal (any 4xx but 429: an invalid or unreachable number, a bad request) is permanent; a 429 asks to retry
     * after Twilio's Retry-After; anything else (5xx, Twilio not reachable) is thrown as it is, to be retried.
     */
    String send(String to, String body) throws PermanentFailureException, RetryLaterException, RecipientUnsubscribed {
        try {
            Message message = Message.creator(new PhoneNumber(to), new PhoneNumber(from), body)
                    .create(client);
            return message.getSid();
        } catch (ApiException e) {
            if (e.getCode() != null && e.getCode() == UNSUBSCRIBED_RECIPIENT) {
                throw new RecipientUnsubscribed(e);
            }
            Integer status = e.getStatusCode();
            if (status != null && status == 429) {
                throw new RetryLaterException("Twilio rate limit: " + e.getMessage(), http.retryAfter(), e);
            }
            if (status != null && status >= 400 && status < 500) {
                throw new PermanentFailureException(
                        "Twilio refused the message (HTTP " + status
                                + (e.getCode() == null ? "" : ", error " + e.getCode()) + "): " + e.getMessage(),
                        e);
            }
            throw e;
        }
    }
}
