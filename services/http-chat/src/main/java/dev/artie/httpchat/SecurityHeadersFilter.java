package dev.artie.httpchat;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.URI;

/**
 * Security headers on every response (page, script, API, errors, health): a content security policy that allows
 * only this origin's own script, style and API (no inline script, no eval), no framing, no MIME sniffing and no
 * referrer. Runs first, so its response side also sees the answers other filters give on their own (401). With
 * {@code ARTIE_HTTP_AUTH=oidc} the page may also call the issuer (discovery, token), and only it.
 */
@ServerFilter("/**")
class SecurityHeadersFilter implements Ordered {
    static final String CONTENT_SECURITY_POLICY = policy("'self'");

    private final String contentSecurityPolicy;

    SecurityHeadersFilter(HttpChatSettings settings) {
        this.contentSecurityPolicy = settings.mode() == HttpChatSettings.AuthMode.OIDC
                ? policy("'self' " + origin(settings.oidcIssuer()))
                : CONTENT_SECURITY_POLICY;
    }

    private static String policy(String connectTo) {
        return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src " + connectTo + "; "
                + "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    /** scheme://host[:port] of the issuer: a CSP source with a path would allow that path only. */
    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    @ResponseFilter
    void secure(MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", contentSecurityPolicy);
        response.header("X-Frame-Options", "DENY");
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
        response.header("Cross-Origin-Opener-Policy", "same-origin");
        response.header("Cross-Origin-Resource-Policy", "same-origin");
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
