package dev.artie.email;

import dev.artie.shared.config.ServiceMain;

/** The email channel: reads Artie's inbox over IMAP and answers over SMTP, in the sender's thread. */
public class EmailApplication {
    public static void main(String[] args) {
        ServiceMain.run(EmailApplication.class, args);
    }
}
