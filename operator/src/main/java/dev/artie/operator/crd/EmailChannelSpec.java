package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** The email channel. One IMAP reader: a second replica would read every mail again. */
@ValidationRule(
        value =
                "!(has(self.enabled) && self.enabled) || (has(self.imapHost) && has(self.smtpHost) && has(self.address) && has(self.usernameSecretRef) && has(self.passwordSecretRef))",
        message =
                "channels.email needs imapHost, smtpHost, address, usernameSecretRef and passwordSecretRef when enabled")
@ValidationRule(value = WorkloadSpec.AT_MOST_ONE_REPLICA, message = EmailChannelSpec.SINGLE_REPLICA_REASON)
public class EmailChannelSpec extends ChannelSpec {
    @Default("false")
    @JsonPropertyDescription("Run the email channel; needs the hosts, address and credentials.")
    public boolean enabled;

    @JsonPropertyDescription(
            "Container image of the email channel; empty: the operator's default, <registry>/<prefix>artie-email:<tag> (ARTIE_OPERATOR_IMAGE_*).")
    public String image;

    @JsonPropertyDescription("IMAP server mail is read from (ARTIE_EMAIL_IMAP_HOST).")
    public String imapHost;

    @Default("993")
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("IMAP port, TLS (ARTIE_EMAIL_IMAP_PORT).")
    public int imapPort = 993;

    @JsonPropertyDescription("SMTP server replies are sent through (ARTIE_EMAIL_SMTP_HOST).")
    public String smtpHost;

    @Default("587")
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("SMTP port, STARTTLS (ARTIE_EMAIL_SMTP_PORT).")
    public int smtpPort = 587;

    @JsonPropertyDescription("Address Artie reads and answers as (ARTIE_EMAIL_ADDRESS).")
    public String address;

    @JsonPropertyDescription("Secret key holding the IMAP/SMTP user name (ARTIE_EMAIL_USERNAME).")
    public SecretKeyRef usernameSecretRef;

    @JsonPropertyDescription("Secret key holding the IMAP/SMTP password (ARTIE_EMAIL_PASSWORD).")
    public SecretKeyRef passwordSecretRef;

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public String image() {
        return image;
    }

    static final String SINGLE_REPLICA_REASON =
            "channels.email.replicas must be 0 or 1: every replica would read and answer every mail again";

    @Override
    public String singleReplicaReason() {
        return SINGLE_REPLICA_REASON;
    }
}
