package dev.artie.email;

import io.micronaut.runtime.Micronaut;

/** The email channel: reads Artie's inbox over IMAP and answers over SMTP, in the sender's thread. */
public class EmailApplication {
    public static void main(String[] args) {
        Micronaut.run(EmailApplication.class, args);
    }
}
