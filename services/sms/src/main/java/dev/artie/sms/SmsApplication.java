package dev.artie.sms;

import io.micronaut.runtime.Micronaut;

/** The SMS channel: Twilio's inbound-message webhook, and replies sent through Twilio's Messages API. */
public class SmsApplication {
    public static void main(String[] args) {
        Micronaut.run(SmsApplication.class, args);
    }
}
