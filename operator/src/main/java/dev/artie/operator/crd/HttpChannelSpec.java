package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** The HTTP chat channel: replies are routed to the asking replica, so it scales out. */
@ValidationRule(value = "!has(self.ingress) || has(self.apiTokenSecretRef)",
    message = "channels.http.ingress needs apiTokenSecretRef: an Ingress puts the chat API, and every person's memories, on the internet")
public class HttpChannelSpec extends ChannelSpec {
  @Default("true")
  @JsonPropertyDescription("Run the HTTP chat channel.")
  public boolean enabled = true;

  @JsonPropertyDescription("Container image of the HTTP chat channel; empty: the operator's default, <registry>/<prefix>artie-http-chat:<tag> (ARTIE_OPERATOR_IMAGE_*).")
  public String image;

  @JsonPropertyDescription("Secret key holding the bearer token the chat API requires (ARTIE_HTTP_API_TOKEN); "
      + "without it the API is open to anyone who reaches the Service.")
  public SecretKeyRef apiTokenSecretRef;

  @JsonPropertyDescription("Ingress in front of the chat API and web page (path / unless set); unset: none. "
      + "Needs apiTokenSecretRef: an Ingress puts the API on the internet.")
  public IngressSpec ingress;

  @Override
  public boolean enabled() {
    return enabled;
  }

  @Override
  public String image() {
    return image;
  }
}
