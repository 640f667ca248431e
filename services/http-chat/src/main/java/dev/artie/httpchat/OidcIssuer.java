package dev.artie.httpchat;

import com.nimbusds.jose.jwk.KeyType;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.token.jwt.signature.jwks.JwksSignatureConfiguration;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * With {@code ARTIE_HTTP_AUTH=oidc}, where the issuer's signing keys are: its discovery document
 * ({@code <issuer>/.well-known/openid-configuration}) names its JWKS, and micronaut-security-jwt checks each token's
 * signature against that. Read on the first token rather than at start, so that an issuer that is down while Artie
 * starts refuses calls (503) until it is back instead of keeping Artie down.
 */
@Singleton
@Requires(property = "artie.http.auth", value = "oidc")
class OidcIssuer implements JwksSignatureConfiguration {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpChatSettings settings;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private volatile String jwksUri;

    OidcIssuer(HttpChatSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
    }

    @Override
    public String getName() {
        return "artie-oidc";
    }

    @Override
    public String getUrl() {
        String known = jwksUri;
        if (known == null) {
            known = discover();
            jwksUri = known;
        }
        return known;
    }

    /** Any key type the issuer publishes (RSA or EC); the token's header names the one it was signed with. */
    @Override
    public KeyType getKeyType() {
        return null;
    }

    @Override
    @SuppressWarnings("removal")
    public Integer getCacheExpiration() {
        return 60;
    }

    private String discover() {
        String issuer = settings.oidcIssuer();
        URI document = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(document).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IssuerUnreachable(document + " answered " + response.statusCode());
            }
            Map<String, Object> metadata = json.readValue(response.body(), Argument.mapOf(String.class, Object.class));
            // OpenID Connect Discovery 1.0, 4.3: the document must name the very issuer it was fetched for.
            if (!issuer.equals(metadata.get("issuer"))) {
                throw new IssuerUnreachable(document + " names the issuer " + metadata.get("issuer")
                        + ", not ARTIE_HTTP_OIDC_ISSUER=" + issuer);
            }
            if (!(metadata.get("jwks_uri") instanceof String uri) || uri.isBlank()) {
                throw new IssuerUnreachable(document + " names no jwks_uri");
            }
            return uri;
        } catch (IOException e) {
            throw new IssuerUnreachable("could not read " + document + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IssuerUnreachable("interrupted while reading " + document);
        }
    }

    /** The issuer's keys cannot be found: no token can be checked until they can. */
    static final class IssuerUnreachable extends RuntimeException {
        IssuerUnreachable(String message) {
            super(message);
        }
    }
}
