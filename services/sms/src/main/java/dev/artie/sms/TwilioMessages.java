package dev.artie.sms;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import jakarta.inject.Singleton;

/** Sends one SMS through Twilio's Messages API, from Artie's number. */
@Singleton
class TwilioMessages {
    private final TwilioRestClient client;
    private final String from;

    TwilioMessages(SmsSettings settings) {
        // The client of our own, not the static Twilio.init(): no global state, and the API base is ours to set.
        this.client = new TwilioRestClient.Builder(settings.accountSid(), settings.authToken())
                .accountSid(settings.accountSid())
                .httpClient(new RebasedHttpClient(settings.apiBase()))
                .build();
        this.from = settings.fromNumber();
    }

    /** Sends {@code body} to {@code to}; throws (ApiException) when Twilio refuses or cannot be reached. */
    String send(String to, String body) {
        Message message = Message.creator(new PhoneNumber(to), new PhoneNumber(from), body).create(client);
        return message.getSid();
    }
}
