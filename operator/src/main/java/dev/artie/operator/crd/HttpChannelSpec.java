package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The HTTP chat channel: replies are routed to the asking replica, so it scales out. */
public class HttpChannelSpec extends ChannelSpec {
  public static final String DEFAULT_IMAGE = "ghcr.io/artie-dev/artie-http-chat:0.1.0";

  @Default("true")
  @JsonPropertyDescription("Run the HTTP chat channel.")
  public boolean enabled = true;

  @Default(DEFAULT_IMAGE)
  @JsonPropertyDescription("Container image of the HTTP chat channel.")
  public String image = DEFAULT_IMAGE;

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
