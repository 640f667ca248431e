package dev.artie.email;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

/**
 * {@code ARTIE_EMAIL_*} variables (docs/configuration.md), checked when the service starts.
 *
 * @param imapHost     server Artie's inbox is read from
 * @param imapPort     its port (993: IMAP over TLS)
 * @param smtpHost     server replies are sent through
 * @param smtpPort     its port (587: SMTP with STARTTLS; 465 means TLS from the first byte)
 * @param username     login on both servers
 * @param password     password on both servers (secret)
 * @param address      the address Artie reads and answers as
 * @param tls          TLS to both servers; off only for a local test server
 * @param idle         wait for new mail with IMAP IDLE when the server offers it (else poll)
 * @param pollInterval how often the inbox is checked without IDLE, and how long one IDLE lasts
 * @param maxSize      mails larger than this are not read (they are marked seen and logged)
 * @param trustedAuthservIds the authserv-ids of the receiving server's {@code Authentication-Results} headers
 *                     (the only ones believed, {@link SenderCheck}); none: no sender is verified
 * @param unverifiedSenders what a mail whose sender is not verified gets
 */
@ConfigurationProperties("artie.email")
public record EmailSettings(
        @NotBlank String imapHost,
        @Min(1) @Max(65535) int imapPort,
        @NotBlank String smtpHost,
        @Min(1) @Max(65535) int smtpPort,
        @NotBlank String username,
        @NotBlank String password,
        @NotBlank @Email String address,
        boolean tls,
        boolean idle,
        @NotNull Duration pollInterval,
        @ReadableBytes @Min(1024) int maxSize,
        @Nullable List<String> trustedAuthservIds,
        @NotNull UnverifiedSenders unverifiedSenders) {

    /** What happens to a mail whose sender is not verified (docs/security.md, "Email senders"). */
    public enum UnverifiedSenders {
        /** Answered as a stranger: no memories read, written or erased, no history; the reply goes to From:. */
        ANSWER,
        /** Marked seen, logged and not answered. */
        IGNORE
    }

    public EmailSettings {
        trustedAuthservIds = trustedAuthservIds == null ? List.of() : List.copyOf(trustedAuthservIds);
    }

    /** Never prints the password: settings end up in start-up errors and debug logs. */
    @Override
    public String toString() {
        return "EmailSettings[imap=" + imapHost + ":" + imapPort + ", smtp=" + smtpHost + ":" + smtpPort
                + ", username=" + username + ", password=****, address=" + address + ", tls=" + tls
                + ", idle=" + idle + ", pollInterval=" + pollInterval + ", maxSize=" + maxSize
                + ", trustedAuthservIds=" + trustedAuthservIds + ", unverifiedSenders=" + unverifiedSenders + "]";
    }
}
