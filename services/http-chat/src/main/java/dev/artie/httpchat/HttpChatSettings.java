package dev.artie.httpchat;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/** `ARTIE_HTTP_*` variables (docs/configuration.md). */
@ConfigurationProperties("artie.http")
public record HttpChatSettings(
        @NotNull Duration replyTimeout,
        @Nullable String apiToken,
        @NotNull Duration messageExpiry,
        @NotNull Duration streamKeepAlive,
        @Nullable String auth,
        @Nullable String oidcIssuer,
        @Nullable String oidcAudience,
        @Nullable String oidcClientId) {

    /** How a caller is let in and who the caller is (docs/http-api.md, "Who is asking: the person"). */
    enum AuthMode {
        NONE,
        TOKEN,
        OIDC;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A setting that cannot work stops the start with a sentence saying which variable to fix. */
    public HttpChatSettings {
        AuthMode mode = mode(auth, apiToken);
        if (mode == AuthMode.TOKEN && blank(apiToken)) {
            throw new IllegalArgumentException("ARTIE_HTTP_AUTH=token needs ARTIE_HTTP_API_TOKEN");
        }
        if (mode == AuthMode.OIDC && !blank(apiToken)) {
            throw new IllegalArgumentException("ARTIE_HTTP_AUTH=oidc takes no ARTIE_HTTP_API_TOKEN: signed-in people"
                    + " or one shared token, not both");
        }
        if (mode == AuthMode.OIDC && (blank(oidcIssuer) || blank(oidcAudience) || blank(oidcClientId))) {
            throw new IllegalArgumentException("ARTIE_HTTP_AUTH=oidc needs ARTIE_HTTP_OIDC_ISSUER,"
                    + " ARTIE_HTTP_OIDC_AUDIENCE and ARTIE_HTTP_OIDC_CLIENT_ID");
        }
    }

    AuthMode mode() {
        return mode(auth, apiToken);
    }

    /** Without ARTIE_HTTP_AUTH the mode follows from whether a shared token is set. */
    private static AuthMode mode(@Nullable String auth, @Nullable String apiToken) {
        if (blank(auth)) {
            return blank(apiToken) ? AuthMode.NONE : AuthMode.TOKEN;
        }
        // Exactly as written: OidcIssuer is switched on by the very same value.
        return Arrays.stream(AuthMode.values())
                .filter(m -> m.value().equals(auth))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "ARTIE_HTTP_AUTH is '" + auth + "'; it must be none, token or oidc"));
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    /** Never prints the token: records print their fields, and settings end up in logs and error messages. */
    @Override
    public String toString() {
        return "HttpChatSettings[replyTimeout=" + replyTimeout + ", auth=" + mode().value() + ", apiToken="
                + (blank(apiToken) ? "(none)" : "(set)") + ", oidcIssuer=" + oidcIssuer + ", oidcAudience="
                + oidcAudience + ", oidcClientId=" + oidcClientId + ", messageExpiry=" + messageExpiry
                + ", streamKeepAlive=" + streamKeepAlive + "]";
    }
}
