package dev.artie.observability;

import static dev.artie.observability.Observability.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.local.LocalRedisServer;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.LocalStackProcess;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The "done when", as a person would try it: the real `./artie up` (the command-line jar) starts the
 * service jars with JSON logs, a real Prometheus server (Debian's package) scrapes both services on loopback
 * every second and loads the shipped alert rules, the test chats over HTTP and asks Prometheus's HTTP API until
 * the chats show up by channel. A fake OpenAI-compatible endpoint answers first and then fails, so that model
 * calls, the offline fallback and capability calls all happen; a malformed queue entry makes a dead letter.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusScrapesTheLocalStackTest {
    @RegisterExtension
    static RedisExtension redisServer = new RedisExtension();

    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String FAKE_KEY = "sk-observability-test-0123456789abcdef";
    /** The tail of a chat message: never logged (only a short prefix may be). */
    private static final String PRIVATE_TAIL = "my-private-words-zq9x7";

    private static final AtomicBoolean modelFails = new AtomicBoolean();
    private static final AtomicInteger modelCalls = new AtomicInteger();
    private static Path root;
    private static LocalStackProcess stack;
    private static Process prometheus;
    private static FakeModelServer fakeModel;
    private static int chatPort;
    private static int capabilitiesPort;
    private static int prometheusPort;
    private static final List<String> correlationIds = new ArrayList<>();

    @BeforeAll
    static void startTheStackAndPrometheus() throws Exception {
        Optional<Path> prometheusBinary = onPath("prometheus");
        assumeTrue(
                prometheusBinary.isPresent(),
                "prometheus not installed (apt-get install prometheus;"
                        + " scripts/test-prerequisites.sh does it as root): the live scrape is not tested here, CI tests it");
        startFakeModel();
        prometheusPort = LocalRedisServer.freePort();
        stack = LocalStackProcess.start(
                redisServer.url(),
                Map.of(
                        "ARTIE_LOG_FORMAT", "json",
                        "ARTIE_MODEL_BASE_URL", fakeModel.baseUrl(),
                        "ARTIE_MODEL_API_KEY", FAKE_KEY,
                        "ARTIE_MODEL_MODELS", "test/paid-model",
                        "ARTIE_MODEL_FREE_MODELS", "test/free-model",
                        "ARTIE_MODEL_NATIVE_TOOLS", "false",
                        "ARTIE_MODEL_COOLDOWN", "1s"),
                () -> true);
        root = stack.root();
        chatPort = stack.chatPort();
        capabilitiesPort = stack.capabilitiesPort();
        Path config = root.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: artie-http-chat
                    metrics_path: /prometheus
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: artie-capabilities
                    metrics_path: /prometheus
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(RULES, chatPort, capabilitiesPort));
        prometheus = new ProcessBuilder(
                        prometheusBinary.get().toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + root.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + prometheusPort)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("prometheus.log").toFile())
                .start();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(prometheus.isAlive())
                            .as("prometheus exited: %s", stack.file("prometheus.log"))
                            .isTrue();
                    return stack.status(prometheusPort, "/-/ready") == 200;
                });
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
        if (stack != null) {
            stack.close();
        }
        if (fakeModel != null) {
            fakeModel.close();
        }
    }

    @Test
    @Order(1)
    void prometheusShowsTheChatsJustSentByChannel() throws Exception {
        // A model answers ...
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> reply = chat(
                    "person-" + i,
                    "hello there, this message is long enough to push its tail past any short prefix " + PRIVATE_TAIL);
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(reply.body()).contains("fake model says hi");
            correlationIds.add(field(reply.body(), "correlationId"));
        }
        // ... then every model fails: offline replies from the capabilities (the calculator).
        modelFails.set(true);
        HttpResponse<String> offline = chat("person-0", "what is 17% of 240?");
        assertThat(offline.statusCode()).as(offline.body()).isEqualTo(200);
        assertThat(offline.body()).contains("40.8").contains("\"offline\":true");
        // A malformed entry on the queue: a dead letter.
        RedisClient client = RedisClient.create(redisServer.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().xadd(Streams.INCOMING, Map.of(Streams.MESSAGE_FIELD, "{\"this is\": not json"));
        } finally {
            client.shutdown();
        }

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    JsonNode result =
                            query("sum by (channel, outcome) (artie_messages_total{job=\"artie-http-chat\"})");
                    assertThat(value(result, Map.of("channel", "http", "outcome", "received")))
                            .isEqualTo(4);
                    assertThat(value(result, Map.of("channel", "http", "outcome", "replied")))
                            .isEqualTo(3);
                    assertThat(value(result, Map.of("channel", "http", "outcome", "replied_offline")))
                            .isEqualTo(1);
                    JsonNode dead = query("sum(artie_dead_letters_total)");
                    assertThat(value(dead, Map.of())).isEqualTo(1);
                    // Tokens and cost as the (fake) provider reported them: 12 prompt and 4 completion tokens a call.
                    JsonNode tokens = query("sum by (kind) (artie_model_tokens_total{model=\"test/paid-model\"})");
                    assertThat(value(tokens, Map.of("kind", "prompt"))).isPositive();
                    assertThat(value(tokens, Map.of("kind", "prompt")) / value(tokens, Map.of("kind", "completion")))
                            .isEqualTo(3.0);
                    assertThat(value(query("sum(artie_model_cost_total)"), Map.of()))
                            .isPositive();
                    JsonNode calls = query("sum by (outcome) (artie_model_calls_seconds_count)");
                    assertThat(value(calls, Map.of("outcome", "ok"))).isGreaterThanOrEqualTo(3);
                    assertThat(value(calls, Map.of("outcome", "server_error"))).isPositive();
                    assertThat(value(query("sum(artie_model_fallbacks_total{kind=\"offline\"})"), Map.of()))
                            .isEqualTo(1);
                });
        assertThat(modelCalls.get()).as("the fake model was asked").isPositive();
    }

    @Test
    @Order(2)
    void everyMetricTheDashboardAndTheAlertsUseExistsInTheScrape() throws Exception {
        // A reminder due a second from now, set on a channel of the test's own (no http-chat count changes): its
        // delivery makes artie_reminders_total.
        RedisClient client = RedisClient.create(redisServer.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            IncomingMessage reminder = IncomingMessage.create(
                    "test", "person-r", "chat", "remind me in 1 second to stretch", "artie:outgoing:test", Map.of());
            new StreamPublisher(connection.sync(), 10_000)
                    .publish(Streams.INCOMING, MessageCodec.standalone().encode(reminder));
        } finally {
            client.shutdown();
        }
        Set<String> scraped = new TreeSet<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    scraped.clear();
                    api("/api/v1/label/__name__/values").path("data").forEach(n -> scraped.add(n.asText()));
                    assertThat(scraped).contains("artie_reminders_total");
                    Set<String> missing = new TreeSet<>();
                    for (String name : usedMetricNames()) {
                        if (name.startsWith("artie_") && !scraped.contains(name)) {
                            missing.add(name);
                        }
                    }
                    assertThat(missing)
                            .as(
                                    "used by the dashboard or the alerts but not in a scrape of the running stack;"
                                            + " scraped: %s",
                                    scraped)
                            .isEmpty();
                });
        assertThat(scraped).contains("up");
        // The catalogue in docs/observability.md and the scrape agree, both ways: every artie_ series scraped is
        // documented, and every documented one is scraped unless it needs an event this stack does not produce.
        String catalogue = read(DOCS);
        Set<String> documented = new TreeSet<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("`(artie_[a-z0-9_]+)`").matcher(catalogue);
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> scrapedBases = new TreeSet<>();
        scraped.stream()
                .filter(n -> n.startsWith("artie_"))
                .map(ShippedRulesAndDashboardTest::baseName)
                .forEach(scrapedBases::add);
        assertThat(documented)
                .as("docs/observability.md's catalogue lists every artie_ metric scraped")
                .containsAll(scrapedBases);
        Set<String> notProducedHere = Set.of(
                "artie_queue_retries_total", // a handler failing, then succeeding
                "artie_queue_reclaimed_total", // a consumer dying with entries pending
                "artie_channel_reconnects_total", // the Discord service (needs a bot token)
                "artie_rate_limited_total", // a person over the rate limit
                "artie_operator_resource_ready"); // the operator (OperatorOnApiServerTest scrapes it)
        Set<String> documentedNotScraped = new TreeSet<>(documented);
        documentedNotScraped.removeAll(scrapedBases);
        documentedNotScraped.removeAll(notProducedHere);
        assertThat(documentedNotScraped)
                .as("documented but not in a scrape of the running stack")
                .isEmpty();
        // The operator is not started here (it needs a Kubernetes API server); its JOSDK metric names are checked
        // against the catalogue in docs/observability.md, whose list OperatorOnApiServerTest's scrape confirms
        // for reconciliations_success_total.
        String docs = read(DOCS);
        for (String name : usedMetricNames()) {
            if (name.startsWith("reconciliations_")) {
                assertThat(docs)
                        .as("operator metric %s in the docs' catalogue", name)
                        .contains("`" + name + "`");
            }
        }
        // The shipped rules load into a real Prometheus.
        JsonNode groups = api("/api/v1/rules").path("data").path("groups");
        Set<String> loaded = new TreeSet<>();
        groups.forEach(
                g -> g.path("rules").forEach(r -> loaded.add(r.path("name").asText())));
        Set<String> shipped = new TreeSet<>();
        rules().forEach(r -> shipped.add((String) r.get("alert")));
        assertThat(loaded).isEqualTo(shipped);
        groups.forEach(g -> g.path("rules")
                .forEach(r -> assertThat(r.path("health").asText())
                        .as("rule %s: %s", r.path("name"), r.path("lastError"))
                        .isNotEqualTo("err")));
    }

    @Test
    @Order(3)
    void oneMessageCanBeFollowedThroughBothServicesJsonLogsByItsCorrelationId() throws Exception {
        String id = correlationIds.getFirst();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String service : List.of("http-chat", "capabilities")) {
                List<JsonNode> lines = jsonLines(root.resolve(".artie/logs/" + service + ".log"));
                assertThat(lines).as("%s writes JSON lines", service).isNotEmpty();
                assertThat(lines.stream()
                                .filter(l -> id.equals(l.path("correlationId").asText()))
                                .toList())
                        .as("%s log lines with correlationId %s", service, id)
                        .isNotEmpty();
            }
        });
        for (String service : List.of("http-chat", "capabilities")) {
            String log = Files.readString(root.resolve(".artie/logs/" + service + ".log"));
            assertThat(log).as("%s never logs the API key", service).doesNotContain(FAKE_KEY);
            assertThat(log)
                    .as("%s never logs message text beyond a short prefix", service)
                    .doesNotContain(PRIVATE_TAIL);
        }
    }

    private static List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (Stream<String> all = Files.lines(file)) {
            for (String line : all.filter(l -> l.startsWith("{")).toList()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    /** The model endpoint: answers with a usage that has a cost, or 503 while {@link #modelFails} is set. */
    private static void startFakeModel() {
        fakeModel = new FakeModelServer().otherwise(call -> {
            modelCalls.incrementAndGet();
            return modelFails.get()
                    ? FakeModelServer.status(503, "{\"error\":{\"message\":\"down for the test\"}}")
                    : FakeModelServer.status(200, """
                            {"id":"c1","object":"chat.completion","model":"test/paid-model",
                             "choices":[{"index":0,"finish_reason":"stop",
                                         "message":{"role":"assistant","content":"fake model says hi"}}],
                             "usage":{"prompt_tokens":12,"completion_tokens":4,"total_tokens":16,"cost":0.0001}}
                            """);
        });
    }

    private static JsonNode query(String promql) throws Exception {
        JsonNode response = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(response.path("status").asText()).as(response.toString()).isEqualTo("success");
        return response.path("data").path("result");
    }

    private static JsonNode api(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(prometheusPort, pathAndQuery);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The value of the one series of an instant-query result whose labels include {@code labels}; -1 if none. */
    private static double value(JsonNode result, Map<String, String> labels) {
        for (JsonNode series : result) {
            boolean matches = labels.entrySet().stream()
                    .allMatch(e -> e.getValue()
                            .equals(series.path("metric").path(e.getKey()).asText()));
            if (matches) {
                return Double.parseDouble(series.path("value").get(1).asText());
            }
        }
        return -1;
    }

    private static String field(String json, String name) throws IOException {
        return JSON.readTree(json).path(name).asText();
    }

    private static HttpResponse<String> chat(String user, String message) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + chatPort + "/api/chat"))
                        .timeout(Duration.ofSeconds(90))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(Map.of("userId", user, "message", message))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return stack.get(port, path);
    }
}
