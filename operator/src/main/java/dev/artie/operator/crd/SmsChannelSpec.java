package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The SMS channel: a Twilio webhook in, the Twilio API out. */
@ValidationRule(value = "!(has(self.enabled) && self.enabled) || (has(self.accountSidSecretRef) && has(self.authTokenSecretRef) && has(self.fromNumber))",
    message = "channels.sms needs accountSidSecretRef, authTokenSecretRef and fromNumber when enabled")
public class SmsChannelSpec extends ChannelSpec {
  public static final String DEFAULT_IMAGE = "ghcr.io/artie-dev/artie-sms:0.1.0";

  @Default("false")
  @JsonPropertyDescription("Run the SMS channel; needs the Twilio secrets and fromNumber.")
  public boolean enabled;

  @Default(DEFAULT_IMAGE)
  @JsonPropertyDescription("Container image of the SMS channel.")
  public String image = DEFAULT_IMAGE;

  @JsonPropertyDescription("Secret key holding the Twilio account SID (ARTIE_SMS_TWILIO_ACCOUNT_SID).")
  public SecretKeyRef accountSidSecretRef;

  @JsonPropertyDescription("Secret key holding the Twilio auth token (ARTIE_SMS_TWILIO_AUTH_TOKEN); also validates webhook signatures.")
  public SecretKeyRef authTokenSecretRef;

  @Pattern("^\\+[1-9][0-9]{6,14}$")
  @JsonPropertyDescription("Twilio number replies are sent from, E.164 (ARTIE_SMS_FROM_NUMBER).")
  public String fromNumber;

  @Pattern("^https://.+")
  @JsonPropertyDescription("Public https URL of the SMS service without the path (Twilio calls it plus /sms/webhook; signatures are checked against it), ARTIE_SMS_PUBLIC_URL.")
  public String publicUrl;

  @Override
  public boolean enabled() {
    return enabled;
  }

  @Override
  public String image() {
    return image;
  }
}
