package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The SMS channel: a Twilio webhook in, the Twilio API out. */
@ValidationRule(value = "!(has(self.enabled) && self.enabled) || (has(self.accountSidSecretRef) && has(self.authTokenSecretRef) && has(self.fromNumber))",
    message = "channels.sms needs accountSidSecretRef, authTokenSecretRef and fromNumber when enabled")
public class SmsChannelSpec extends ChannelSpec {
  @Default("false")
  @JsonPropertyDescription("Run the SMS channel; needs the Twilio secrets and fromNumber.")
  public boolean enabled;

  @JsonPropertyDescription("Container image of the SMS channel; empty: the operator's default, <registry>/<prefix>artie-sms:<tag> (ARTIE_OPERATOR_IMAGE_*).")
  public String image;

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
