package dev.artie.httpchat;

import com.nimbusds.jwt.JWT;
import dev.artie.httpchat.HttpChatSettings.AuthMode;
import dev.artie.shared.metrics.MessageCounter;
import dev.artie.shared.metrics.MessageCounter.Outcome;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.token.jwt.validator.ReactiveJsonWebTokenValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The one place that decides who may call {@code /api/**} and who the caller is (docs/http-api.md, "Who is asking:
 * the person"). {@code none}: everyone, as the {@code userId} they name. {@code token}: callers with
 * {@code Authorization: Bearer <ARTIE_HTTP_API_TOKEN>}, as the {@code userId} they name. {@code oidc}: callers with a
 * JWT that micronaut-security-jwt verifies (signature against the issuer's JWKS, issuer, audience, expiry), as its
 * {@code sub}, which it leaves on the request for {@link Caller}. {@code GET /api/session} is always open: it tells
 * the page which of these it must do. The page, its script and style stay public: they hold nothing secret.
 */
@ServerFilter("/api/**")
class CallerFilter {
    private static final Logger LOG = LoggerFactory.getLogger(CallerFilter.class);
    private static final String BEARER = "Bearer ";
    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(15);

    private final HttpChatSettings settings;
    private final MessageCounter messages;
    private final BeanProvider<ReactiveJsonWebTokenValidator<JWT, HttpRequest<?>>> tokens;
    private final byte[] expectedDigest;

    CallerFilter(
            HttpChatSettings settings,
            MessageCounter messages,
            BeanProvider<ReactiveJsonWebTokenValidator<JWT, HttpRequest<?>>> tokens,
            BeanProvider<OidcIssuer> issuer) {
        // Without the issuer's keys micronaut-security-jwt would take unsigned tokens: never start like that.
        if (settings.mode() == AuthMode.OIDC && !issuer.isPresent()) {
            throw new IllegalStateException("ARTIE_HTTP_AUTH=oidc but the issuer's keys are not configured");
        }
        this.settings = settings;
        this.messages = messages;
        this.tokens = tokens;
        this.expectedDigest = settings.mode() == AuthMode.TOKEN ? sha256(settings.apiToken()) : null;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    HttpResponse<ChatError> authorize(HttpRequest<?> request) {
        if (settings.mode() == AuthMode.NONE || request.getPath().equals(SessionController.PATH)) {
            return null;
        }
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refused(
                    settings.mode() == AuthMode.OIDC
                            ? "sign in: send the header Authorization: Bearer <a token from " + settings.oidcIssuer()
                                    + ">"
                            : "this Artie needs its API token: send the header Authorization: Bearer <token>");
        }
        String presented = header.substring(BEARER.length()).trim();
        return settings.mode() == AuthMode.OIDC ? signedIn(request, presented) : sharedToken(presented);
    }

    @Nullable
    private HttpResponse<ChatError> sharedToken(String presented) {
        // Digests of equal length, compared in constant time: the answer's timing says nothing about the token.
        return MessageDigest.isEqual(sha256(presented), expectedDigest) ? null : refused("the API token is wrong");
    }

    @Nullable
    private HttpResponse<ChatError> signedIn(HttpRequest<?> request, String presented) {
        Optional<JWT> verified;
        try {
            verified = Mono.from(tokens.get().validate(presented, request)).blockOptional(VERIFY_TIMEOUT);
        } catch (RuntimeException e) {
            // The issuer's keys could not be had: the token may be fine, so this is not the caller's fault.
            LOG.warn("could not check a token against {}: {}", settings.oidcIssuer(), e.getMessage());
            return error(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    new ChatError(
                            "issuer_unreachable",
                            "Artie cannot check"
                                    + " sign-ins right now (the issuer's keys are out of reach); try again shortly"));
        }
        String subject = verified.map(CallerFilter::subjectOf).orElse(null);
        if (subject == null) {
            return refused("the token is not valid here: it must be signed by " + settings.oidcIssuer()
                    + ", be for the audience " + settings.oidcAudience() + " and not have expired; sign in again");
        }
        if (!ChatController.USER_ID.matcher(subject).matches()) {
            return error(
                    HttpStatus.FORBIDDEN,
                    new ChatError(
                            "unusable_subject",
                            "your sign-in's subject cannot be"
                                    + " a person id here (1-128 letters, digits or _ . @ : + -); ask whoever runs this Artie"));
        }
        request.setAttribute(Caller.SUBJECT, subject);
        return null;
    }

    @Nullable
    private static String subjectOf(JWT token) {
        try {
            return token.getJWTClaimsSet().getSubject();
        } catch (ParseException e) {
            return null;
        }
    }

    private HttpResponse<ChatError> refused(String message) {
        messages.count(ReplyStream.CHANNEL, Outcome.UNAUTHORIZED);
        return HttpResponse.<ChatError>unauthorized()
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"artie\"")
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ChatError("unauthorized", message));
    }

    private static HttpResponse<ChatError> error(HttpStatus status, ChatError error) {
        return HttpResponse.<ChatError>status(status)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(error);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
