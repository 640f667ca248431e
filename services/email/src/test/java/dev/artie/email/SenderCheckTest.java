package dev.artie.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which Authentication-Results make a From: address the person (RFC 8601 headers as real servers write them). */
class SenderCheckTest {
    private static final SenderCheck CHECK = new SenderCheck(new EmailSettings(
            "imap",
            993,
            "smtp",
            587,
            "artie",
            "pw",
            "artie@example.com",
            true,
            true,
            Duration.ofSeconds(60),
            1 << 20,
            List.of("MX.Google.com", "mx.example.com"),
            EmailSettings.UnverifiedSenders.ANSWER));

    @Test
    void theReceivingServersPassForTheFromDomainVerifies() throws Exception {
        assertThat(verified("alice@example.com", """
                mx.google.com;
                       dkim=pass header.i=@example.com header.s=s1 header.b=AbCdEf12;
                       spf=pass (google.com: domain of alice@example.com designates 192.0.2.1 as permitted sender)\
                 smtp.mailfrom=alice@example.com;
                       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com""")).isTrue();
        assertThat(verified("alice@example.com", "mx.example.com; dmarc=pass header.from=Example.COM"))
                .isTrue();
        assertThat(verified("alice@example.com", "mx.example.com 1; dkim/1=pass header.d=example.com"))
                .isTrue();
        assertThat(verified("bob@mail.example.com", "mx.example.com; dkim=pass header.d=example.com"))
                .isTrue();
        assertThat(verified(
                        "bob@mail.example.com", "mx.example.com; dkim = pass (sig ok) header.i=bob@mail.example.com"))
                .isTrue();
        assertThat(verified(
                        "alice@example.com",
                        "mx.example.com; spf=fail smtp.mailfrom=x; dmarc=pass" + " header.from=\"example.com\""))
                .isTrue();
        assertThat(verified("alice@example.com", "mx.example.com; dmarc=pass action=none header.from=example.com;"))
                .as("a trailing semicolon, as some servers write")
                .isTrue();
    }

    @Test
    void anythingElseDoesNot() throws Exception {
        assertThat(verified("alice@example.com", null)).as("no header").isFalse();
        assertThat(verified("alice@example.com", "mx.evil.example; dmarc=pass header.from=example.com"))
                .as("untrusted authserv-id")
                .isFalse();
        assertThat(verified("alice@example.com", "mx.example.com; spf=pass smtp.mailfrom=example.com"))
                .as("SPF alone says nothing about From:")
                .isFalse();
        assertThat(verified("alice@example.com", "mx.example.com; dmarc=fail header.from=example.com"))
                .isFalse();
        assertThat(verified("alice@example.com", "mx.example.com; dmarc=pass header.from=evil.example"))
                .as("a pass for another domain")
                .isFalse();
        assertThat(verified("alice@example.com", "mx.example.com; dmarc=pass"))
                .as("a pass for no domain")
                .isFalse();
        assertThat(verified("alice@example.com", "mx.example.com; dkim=pass header.d=evil.example"))
                .isFalse();
        assertThat(verified("alice@example.com", "mx.example.com; dkim=pass header.d=notexample.com"))
                .isFalse();
        assertThat(verified("alice@example.com", "mx.example.com; dkim=pass header.d=com"))
                .isFalse();
        assertThat(verified("alice@example.com", "mx.example.com; dkim=neutral header.d=example.com"))
                .isFalse();
        assertThat(verified("alice@example.com", "mx.example.com; none")).isFalse();
        assertThat(verified("alice@example.com", "mx.example.com; dmarc=pass header.from=example.com (open"))
                .as("malformed")
                .isFalse();
        assertThat(verified("alice@example.com", "mx.example.com; (dmarc=pass header.from=example.com)"))
                .as("a pass inside a comment")
                .isFalse();
        assertThat(verified("alice@example.com", "mx.example.com;; dmarc=pass header.from=example.com"))
                .as("an empty part is not the grammar")
                .isFalse();
    }

    @Test
    void onlyTheTopmostHeaderOfATrustedServerCounts() throws Exception {
        MimeMessage mail = mail("alice@example.com");
        // Top: what the receiving server found; below: a sender's fake under the same id.
        mail.addHeader(SenderCheck.HEADER, "mx.example.com; dmarc=fail header.from=example.com");
        mail.addHeader(SenderCheck.HEADER, "mx.example.com; dmarc=pass header.from=example.com");
        assertThat(CHECK.verified(mail, "alice@example.com")).isFalse();

        MimeMessage relayed = mail("alice@example.com");
        // Headers of servers Artie does not trust, above or below, change nothing.
        relayed.addHeader(SenderCheck.HEADER, "relay.evil.example; dmarc=fail header.from=example.com");
        relayed.addHeader(SenderCheck.HEADER, "mx.example.com; dmarc=pass header.from=example.com");
        relayed.addHeader(SenderCheck.HEADER, "mx.example.com; dmarc=fail header.from=example.com");
        assertThat(CHECK.verified(relayed, "alice@example.com")).isTrue();
    }

    @Test
    void aMailOfTwoFromAddressesOrWithNothingTrustedIsNeverVerified() throws Exception {
        MimeMessage two = mail("alice@example.com");
        two.addFrom(new InternetAddress[] {new InternetAddress("bob@example.com")});
        two.addHeader(SenderCheck.HEADER, "mx.example.com; dmarc=pass header.from=example.com");
        assertThat(CHECK.verified(two, "alice@example.com")).isFalse();

        SenderCheck trustingNoOne = new SenderCheck(new EmailSettings(
                "imap",
                993,
                "smtp",
                587,
                "artie",
                "pw",
                "artie@example.com",
                true,
                true,
                Duration.ofSeconds(60),
                1 << 20,
                List.of(""),
                EmailSettings.UnverifiedSenders.ANSWER));
        MimeMessage mail = mail("alice@example.com");
        mail.addHeader(SenderCheck.HEADER, "; dmarc=pass header.from=example.com");
        mail.addHeader(SenderCheck.HEADER, " ; dmarc=pass header.from=example.com");
        assertThat(trustingNoOne.verified(mail, "alice@example.com")).isFalse();
    }

    private static boolean verified(String from, String header) throws MessagingException {
        MimeMessage mail = mail(from);
        if (header != null) {
            mail.addHeader(SenderCheck.HEADER, header);
        }
        return CHECK.verified(mail, from);
    }

    private static MimeMessage mail(String from) throws MessagingException {
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()));
        mail.setFrom(new InternetAddress(from));
        return mail;
    }
}
