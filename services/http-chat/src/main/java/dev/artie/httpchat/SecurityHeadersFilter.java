package dev.artie.httpchat;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Security headers on every response (page, script, API, errors, health): a content security policy that allows
 * only this origin's own script, style and API (no inline script, no eval), no framing, no MIME sniffing and no
 * referrer. Runs first, so its response side also sees the answers other filters give on their own (401).
 */
@ServerFilter("/**")
class SecurityHeadersFilter implements Ordered {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    @ResponseFilter
    void secure(MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
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
