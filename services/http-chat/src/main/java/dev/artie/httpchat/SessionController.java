package dev.artie.httpchat;

import dev.artie.httpchat.HttpChatSettings.AuthMode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;

/**
 * `GET /api/session`: how this Artie lets people in, so the page knows whether to ask for nothing, for the shared
 * token, or to sign in at the issuer (docs/http-api.md). Needs no token: it says nothing a caller could misuse.
 */
@Controller
class SessionController {
    static final String PATH = "/api/session";

    private final HttpChatSettings settings;

    SessionController(HttpChatSettings settings) {
        this.settings = settings;
    }

    /** {@code issuer} and {@code clientId} with {@code oidc} only (left out otherwise). */
    @Serdeable
    record Session(
            String auth, @Nullable String issuer, @Nullable String clientId) {}

    @Get(uri = PATH, produces = MediaType.APPLICATION_JSON)
    Session session() {
        boolean oidc = settings.mode() == AuthMode.OIDC;
        return new Session(
                settings.mode().value(), oidc ? settings.oidcIssuer() : null, oidc ? settings.oidcClientId() : null);
    }
}
