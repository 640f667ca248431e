package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * Signed-in people on the HTTP channel (ARTIE_HTTP_AUTH=oidc): each call carries a JWT from this issuer, and the
 * person is its verified sub (docs/http-api.md, "Who is asking: the person").
 */
public class HttpOidcSpec {
    @Required
    @Pattern("^https?://[^\\s]+$")
    @JsonPropertyDescription(
            "OIDC issuer URL exactly as tokens name it in iss, e.g. https://id.example.org/realms/artie "
                    + "(ARTIE_HTTP_OIDC_ISSUER); its /.well-known/openid-configuration names the keys tokens are checked against.")
    public String issuer;

    @Required
    @JsonPropertyDescription("Audience a token's aud must hold (ARTIE_HTTP_OIDC_AUDIENCE).")
    public String audience;

    @Required
    @JsonPropertyDescription("Public client (no secret) the web page signs in as, with the authorization-code flow and "
            + "PKCE (ARTIE_HTTP_OIDC_CLIENT_ID); register the page's URL as its redirect URI.")
    public String clientId;
}
