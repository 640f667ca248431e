package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** The HTTP chat channel: replies are routed to the asking replica, so it scales out. */
@ValidationRule(
        value = "!has(self.ingress) || has(self.apiTokenSecretRef) || has(self.oidc)",
        message =
                "channels.http.ingress needs apiTokenSecretRef or oidc: an Ingress puts the chat API, and every person's memories, on the internet")
@ValidationRule(
        value = "!(has(self.apiTokenSecretRef) && has(self.oidc))",
        message = "channels.http takes apiTokenSecretRef (one shared token) or oidc (signed-in people), not both")
public class HttpChannelSpec extends ChannelSpec {
    @Default("true")
    @JsonPropertyDescription("Run the HTTP chat channel.")
    public boolean enabled = true;

    @JsonPropertyDescription(
            "Container image of the HTTP chat channel; empty: the operator's default, <registry>/<prefix>artie-http-chat:<tag> (ARTIE_OPERATOR_IMAGE_*).")
    public String image;

    @JsonPropertyDescription("Secret key holding the bearer token the chat API requires (ARTIE_HTTP_API_TOKEN); "
            + "the token is shared, so the userId a caller sends is self-asserted. Without it or oidc the API is open to "
            + "anyone who reaches the Service.")
    public SecretKeyRef apiTokenSecretRef;

    @JsonPropertyDescription("Signed-in people (ARTIE_HTTP_AUTH=oidc): each call carries a JWT from this issuer and "
            + "acts for its sub; unset: apiTokenSecretRef, else open.")
    public HttpOidcSpec oidc;

    @JsonPropertyDescription("Ingress in front of the chat API and web page (path / unless set); unset: none. "
            + "Needs apiTokenSecretRef or oidc: an Ingress puts the API on the internet.")
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
