package dev.artie.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AutoRepliesTest {
    @Test
    void recognisesMailNoPersonWrote() throws Exception {
        assertThat(AutoReplies.reason(mail("Auto-Submitted", "auto-replied"), "a@x.org"))
                .isPresent();
        assertThat(AutoReplies.reason(mail("Auto-Submitted", "auto-generated"), "a@x.org"))
                .isPresent();
        assertThat(AutoReplies.reason(mail("Precedence", "Bulk"), "a@x.org")).isPresent();
        assertThat(AutoReplies.reason(mail("Precedence", "list"), "a@x.org")).isPresent();
        assertThat(AutoReplies.reason(mail("Precedence", "junk"), "a@x.org")).isPresent();
        assertThat(AutoReplies.reason(mail("X-Autoreply", "yes"), "a@x.org")).isPresent();
        assertThat(AutoReplies.reason(mail("Return-Path", "<>"), "a@x.org")).isPresent();
        assertThat(AutoReplies.reason(mail(null, null), "mailer-daemon@x.org")).isPresent();
        assertThat(AutoReplies.reason(mail(null, null), "noreply-billing@x.org"))
                .isPresent();
        assertThat(AutoReplies.reason(mail(null, null), "do-not-reply@x.org")).isPresent();
    }

    @Test
    void answersPeople() throws Exception {
        assertThat(AutoReplies.reason(mail(null, null), "alice@x.org")).isEmpty();
        assertThat(AutoReplies.reason(mail("Auto-Submitted", "no"), "alice@x.org"))
                .isEmpty();
        assertThat(AutoReplies.reason(mail("Precedence", "first-class"), "alice@x.org"))
                .isEmpty();
        assertThat(AutoReplies.reason(mail(null, null), "noreen@x.org")).isEmpty();
    }

    private static MimeMessage mail(String header, String value) throws Exception {
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()));
        if (header != null) {
            mail.setHeader(header, value);
        }
        mail.setText("hi");
        return mail;
    }
}
