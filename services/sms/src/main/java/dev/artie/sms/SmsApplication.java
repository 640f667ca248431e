package dev.artie.sms;

import dev.artie.shared.config.ServiceMain;

/** The SMS channel: Twilio's inbound-message webhook, and replies sent through Twilio's Messages API. */
public class SmsApplication {
    public static void main(String[] args) {
        ServiceMain.run(SmsApplication.class, args);
    }
}
