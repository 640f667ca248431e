package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The SMS channel: a Twilio webhook in, the Twilio API out. */
@ValidationRule(
        value =
                "!(has(self.enabled) && self.enabled) || (has(self.accountSidSecretRef) && has(self.authTokenSecretRef) && has(self.fromNumber))",
        message = "channels.sms needs accountSidSecretRef, authTokenSecretRef and fromNumber when enabled")
@ValidationRule(
        value =
                "!(has(self.enabled) && self.enabled) || has(self.publicUrl) || (has(self.ingress) && has(self.ingress.tlsSecretName))",
        message =
                "channels.sms needs publicUrl, or an ingress with tlsSecretName to derive it from, when enabled: Twilio must reach an https URL")
public class SmsChannelSpec extends ChannelSpec {
    @Default("false")
    @JsonPropertyDescription("Run the SMS channel; needs the Twilio secrets and fromNumber.")
    public boolean enabled;

    @JsonPropertyDescription(
            "Container image of the SMS channel; empty: the operator's default, <registry>/<prefix>artie-sms:<tag> (ARTIE_OPERATOR_IMAGE_*).")
    public String image;

    @JsonPropertyDescription("Secret key holding the Twilio account SID (ARTIE_SMS_TWILIO_ACCOUNT_SID).")
    public SecretKeyRef accountSidSecretRef;

    @JsonPropertyDescription(
            "Secret key holding the Twilio auth token (ARTIE_SMS_TWILIO_AUTH_TOKEN); also validates webhook signatures.")
    public SecretKeyRef authTokenSecretRef;

    @Pattern("^\\+[1-9][0-9]{6,14}$")
    @JsonPropertyDescription("Twilio number replies are sent from, E.164 (ARTIE_SMS_FROM_NUMBER).")
    public String fromNumber;

    @Pattern("^https://.+")
    @JsonPropertyDescription(
            "Public https URL of the SMS service without the path, ARTIE_SMS_PUBLIC_URL: Twilio calls it plus "
                    + "/sms/webhook and signatures are checked against it. Empty: https://<ingress.host> when the ingress has "
                    + "tlsSecretName; required otherwise.")
    public String publicUrl;

    @JsonPropertyDescription(
            "Ingress for Twilio's webhook (path /sms unless set); with tlsSecretName it also gives publicUrl. "
                    + "Without TLS set publicUrl: Twilio signs the exact URL it calls, and it must be https.")
    public IngressSpec ingress;

    /** The URL Twilio calls, as ARTIE_SMS_PUBLIC_URL: publicUrl, else the Ingress's https URL, else null. */
    public String effectivePublicUrl() {
        if (publicUrl != null && !publicUrl.isEmpty()) {
            return publicUrl;
        }
        return ingress != null && ingress.tls() ? "https://" + ingress.host : null;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public String image() {
        return image;
    }
}
