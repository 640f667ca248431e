package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The HTTP chat channel: replies are routed to the asking replica, so it scales out. */
public class HttpChannelSpec extends ChannelSpec {
  @Default("true")
  @JsonPropertyDescription("Run the HTTP chat channel.")
  public boolean enabled = true;

  @JsonPropertyDescription("Container image of the HTTP chat channel; empty: the operator's default, <registry>/<prefix>artie-http-chat:<tag> (ARTIE_OPERATOR_IMAGE_*).")
  public String image;

  @JsonPropertyDescription("Secret key holding the bearer token the chat API requires (ARTIE_HTTP_API_TOKEN); "
      + "without it the API is open to anyone who reaches the Service.")
  public SecretKeyRef apiTokenSecretRef;

  @Override
  public boolean enabled() {
    return enabled;
  }

  @Override
  public String image() {
    return image;
  }
}
