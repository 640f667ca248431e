package dev.artie.httpchat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * With {@code ARTIE_HTTP_API_TOKEN} set, every {@code /api/**} call must carry {@code Authorization: Bearer <token>};
 * without it the API is open (and {@link ExposureWarning} says so loudly when that is risky). The page, its script
 * and style stay public: they hold nothing secret, and the page asks for the token itself (docs/security.md).
 */
@ServerFilter("/api/**")
class ApiTokenFilter {
    private static final String BEARER = "Bearer ";

    private final HttpChatSettings settings;
    private final MeterRegistry metrics;
    private final byte[] expectedDigest;

    ApiTokenFilter(HttpChatSettings settings, MeterRegistry metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.expectedDigest = settings.tokenRequired() ? sha256(settings.apiToken()) : null;
    }

    @RequestFilter
    @Nullable
    HttpResponse<ChatError> authorize(HttpRequest<?> request) {
        if (!settings.tokenRequired()) {
            return null;
        }
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refused("this Artie needs its API token: send the header Authorization: Bearer <token>");
        }
        // Digests of equal length, compared in constant time: the answer's timing says nothing about the token.
        byte[] given = sha256(header.substring(BEARER.length()).trim());
        if (!MessageDigest.isEqual(given, expectedDigest)) {
            return refused("the API token is wrong");
        }
        return null;
    }

    private HttpResponse<ChatError> refused(String message) {
        metrics.counter("artie.messages", "channel", ReplyStream.CHANNEL, "outcome", "unauthorized").increment();
        return HttpResponse.<ChatError>unauthorized()
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"artie\"")
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ChatError("unauthorized", message));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
