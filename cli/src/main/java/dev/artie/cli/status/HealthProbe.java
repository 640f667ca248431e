package dev.artie.cli.status;

import dev.artie.cli.Secrets;
import dev.artie.shared.health.ProcessHealthIndicator;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Asks a service's {@code /health} endpoint how it is, and puts the answer in a line a person can read. */
public final class HealthProbe {
    private static final Argument<Map<String, Object>> JSON_OBJECT = Argument.mapOf(String.class, Object.class);

    private final HttpClient http;
    private final Duration timeout;

    public HealthProbe(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    public ComponentStatus probe(String name, URI baseUrl) {
        URI health = baseUrl.resolve("/health");
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(health).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new ComponentStatus(
                    name,
                    ComponentState.OFFLINE,
                    "no answer from " + Secrets.mask(health.toString()) + " (" + reason(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ComponentStatus(name, ComponentState.OFFLINE, "interrupted");
        }
        Map<String, Object> body = parse(response.body());
        Object status = body.get("status");
        ComponentState state =
                response.statusCode() == 200 && "UP".equals(status) ? ComponentState.ONLINE : ComponentState.DEGRADED;
        String details = describe(body);
        if (status == null) {
            details = "HTTP " + response.statusCode() + " without a health status from " + health;
        }
        return new ComponentStatus(name, state, Secrets.mask(details));
    }

    /** Readiness alone: true when {@code /health/readiness} answers UP. */
    public boolean ready(URI baseUrl) {
        return readiness(baseUrl).isPresent();
    }

    /**
     * True when {@code /health/readiness} answers UP from process {@code pid}: a port taken by another program (an
     * earlier stack, another test's service) between choosing it and our service binding it answers too, and our
     * service, unable to listen, cannot.
     */
    public boolean ready(URI baseUrl, long pid) {
        return readiness(baseUrl)
                .map(body -> body.get("details") instanceof Map<?, ?> indicators
                        && indicators.get(ProcessHealthIndicator.NAME) instanceof Map<?, ?> process
                        && process.get("details") instanceof Map<?, ?> details
                        && details.get(ProcessHealthIndicator.PID) instanceof Number answering
                        && answering.longValue() == pid)
                .orElse(false);
    }

    /** The readiness answer when it is UP. */
    private Optional<Map<String, Object>> readiness(URI baseUrl) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(baseUrl.resolve("/health/readiness"))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, Object> body = parse(response.body());
            return response.statusCode() == 200 && "UP".equals(body.get("status"))
                    ? Optional.of(body)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Map<String, Object> parse(String body) {
        try {
            Map<String, Object> map = ObjectMapper.getDefault().readValue(body, JSON_OBJECT);
            return map == null ? Map.of() : map;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * {@code redis DOWN (state=unreachable)}: each indicator that is not UP or has something to say; an UP
     * indicator without details (disk, deadlocks, discovery) would only bury the ones that matter.
     */
    private static String describe(Map<String, Object> body) {
        List<String> parts = new ArrayList<>();
        if (body.get("details") instanceof Map<?, ?> indicators) {
            for (Map.Entry<?, ?> indicator : indicators.entrySet()) {
                if (indicator.getValue() instanceof Map<?, ?> result
                        && !ProcessHealthIndicator.NAME.equals(indicator.getKey())) { // which process: not news
                    String values = simpleDetails(result.get("details"));
                    if (!"UP".equals(result.get("status")) || !values.isEmpty()) {
                        parts.add(indicator.getKey() + " " + result.get("status")
                                + (values.isEmpty() ? "" : " (" + values + ")"));
                    }
                }
            }
        }
        return parts.isEmpty() ? String.valueOf(body.get("status")) : String.join(", ", parts);
    }

    private static String simpleDetails(Object details) {
        List<String> values = new ArrayList<>();
        if (details instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
                    values.add(key + "=" + value);
                }
            });
        }
        return String.join(", ", values);
    }

    private static String reason(IOException e) {
        String type = e.getClass().getSimpleName();
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
