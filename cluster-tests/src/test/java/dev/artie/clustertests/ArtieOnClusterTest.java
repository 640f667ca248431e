package dev.artie.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.local.Processes;
import dev.artie.operator.workload.Labels;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.Streams;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16's end-to-end path, tried as a user would on a real cluster: `helm install` the operator,
 * `kubectl apply` the minimal example, chat through the http-chat Service, then break things (pods deleted,
 * gracefully and by force, in the middle of a burst; the Secret changed; a key missing; a channel turned off; the
 * whole ArtieDeployment deleted) and check what a user would see.
 */
@ExtendWith(ClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArtieOnClusterTest {
    private static final String FIRST_KEY = "sk-test-first";
    private static final String SECOND_KEY = "sk-test-second";
    private static final Duration ROLL = Duration.ofMinutes(5);

    private static Cluster cluster;
    private static String ns;
    private static ModelEndpoint model;

    @BeforeAll
    static void installTheOperator(Cluster given) {
        cluster = given;
        long start = System.nanoTime();
        OperatorRelease.install(cluster, 1);
        Report.figure("helm install to operator ready", Duration.ofNanos(System.nanoTime() - start));
        model = new ModelEndpoint(cluster.access().hostIp());
        ns = cluster.createNamespace("artie-e2e");
        Examples.createModelSecret(cluster, ns, FIRST_KEY);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (model != null) {
            model.close();
        }
        if (ns != null) {
            cluster.tryKubectl("delete", "namespace", ns, "--wait=false");
        }
    }

    @Test
    @Order(1)
    void theMinimalExampleBecomesReadyThroughThePodsOwnProbes() {
        Examples.apply(cluster, ns, Examples.MINIMAL, model.baseUrl(), Map.of());
        Duration ready = cluster.waitReady(ns, Examples.NAME);
        Report.figure("kubectl apply minimal.yaml to Ready", ready);

        String table = cluster.kubectl("get", "artie", "-n", ns);
        assertThat(table).contains("READY").contains("PHASE");
        assertThat(table.lines()
                        .filter(line -> line.startsWith(Examples.NAME + " "))
                        .findFirst())
                .hasValueSatisfying(row ->
                        assertThat(row).contains("True").contains("Ready").contains("http-chat"));
    }

    @Test
    @Order(2)
    void answersAPercentageWithTheModelItWasGiven() throws Exception {
        try (PortForward http = httpChat()) {
            ChatClient.Reply reply = new ChatClient(http).chat("ann", "what is 17% of 240?");

            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.text()).contains("40.8");
            assertThat(reply.offline())
                    .as("answered through the model endpoint, not offline")
                    .isFalse();
        }
        assertThat(model.calls())
                .last()
                .extracting(FakeModelServer.Call::authorization)
                .isEqualTo("Bearer " + FIRST_KEY);
    }

    @Test
    @Order(3)
    void aRememberedFactSurvivesDeletingTheCapabilitiesPodAndTheRedisPod() throws Exception {
        try (PortForward http = httpChat()) {
            var chat = new ChatClient(http);
            assertThat(chat.chat("ramen-lover", "remember that my favourite food is ramen")
                            .status())
                    .isEqualTo(200);
            assertThat(chat.chat("ramen-lover", "what foods do I like?").text()).contains("ramen");
        }
        long historyBefore = historyEntries("ramen-lover");
        assertThat(historyBefore).isPositive();

        deletePods("capabilities");
        cluster.kubectl(
                "rollout",
                "status",
                "deployment/" + Examples.NAME + "-capabilities",
                "-n",
                ns,
                "--timeout=" + ROLL.toSeconds() + "s");
        try (PortForward http = httpChat()) {
            assertThat(new ChatClient(http)
                            .chat("ramen-lover", "what foods do I like?")
                            .text())
                    .as("memory on the capabilities volume")
                    .contains("ramen");
        }

        deletePods("redis");
        cluster.kubectl(
                "rollout",
                "status",
                "statefulset/" + Examples.NAME + "-redis",
                "-n",
                ns,
                "--timeout=" + ROLL.toSeconds() + "s");
        assertThat(historyEntries("ramen-lover"))
                .as("history in Redis' append-only file")
                .isGreaterThanOrEqualTo(historyBefore);
        try (PortForward http = httpChat()) {
            await().atMost(Duration.ofMinutes(2))
                    .untilAsserted(() -> assertThat(new ChatClient(http)
                                    .chat("ramen-lover", "what foods do I like?")
                                    .text())
                            .contains("ramen"));
        }
    }

    @Test
    @Order(4)
    void everyChatOfABurstIsAnsweredOnceWhileTheCapabilitiesPodIsDeletedGracefully() throws Exception {
        burstWhileDeletingCapabilities("graceful");
    }

    @Test
    @Order(5)
    void everyChatOfABurstIsAnsweredOnceWhileTheCapabilitiesPodIsDeletedByForce() throws Exception {
        burstWhileDeletingCapabilities("forced", "--grace-period=0", "--force");
    }

    @Test
    @Order(6)
    void theServicesAndTheOperatorServeMetricsThroughTheirServices() throws Exception {
        try (PortForward http = httpChat()) {
            var chat = new ChatClient(http);
            assertThat(chat.chat("ann", "what is 2 + 3?").text()).contains("5");
            assertThat(chat.get("/prometheus").body()).contains("artie_messages_total{channel=\"http\"");
        }
        try (PortForward capabilities = cluster.portForward(ns, "svc/" + Examples.NAME + "-capabilities", 8081)) {
            assertThat(ChatClient.get(capabilities.url(""), "/prometheus").body())
                    .contains("artie_capability_calls_total{capability=\"calculator\"")
                    .contains("artie_stream_length{stream=\"artie:incoming\"}");
        }
        try (PortForward operator =
                cluster.portForward(dev.artie.operator.it.Helm.NAMESPACE, OperatorRelease.metricsService(), 8090)) {
            assertThat(ChatClient.get(operator.url(""), "/metrics").body())
                    .contains("artie_operator_resource_ready{name=\"artie\",namespace=\"" + ns + "\"} 1.0");
        }
    }

    @Test
    @Order(7)
    void changingTheModelSecretRollsOnlyCapabilitiesAndTheNewKeyIsUsed() throws Exception {
        String capabilities = podUid("capabilities");
        String httpChat = podUid("http-chat");
        String redis = podUid("redis");

        Examples.createModelSecret(cluster, ns, SECOND_KEY);
        await().atMost(ROLL).until(() -> !capabilities.equals(podUid("capabilities")));
        cluster.kubectl(
                "rollout",
                "status",
                "deployment/" + Examples.NAME + "-capabilities",
                "-n",
                ns,
                "--timeout=" + ROLL.toSeconds() + "s");
        cluster.waitReady(ns, Examples.NAME);

        assertThat(podUid("http-chat"))
                .as("http-chat does not use the model key")
                .isEqualTo(httpChat);
        assertThat(podUid("redis")).isEqualTo(redis);
        try (PortForward http = httpChat()) {
            assertThat(new ChatClient(http).chat("ann", "what is 2 + 2?").text())
                    .contains("4");
        }
        assertThat(model.calls())
                .last()
                .extracting(FakeModelServer.Call::authorization)
                .isEqualTo("Bearer " + SECOND_KEY);
    }

    @Test
    @Order(8)
    void aMissingSecretKeyShowsDegradedNamingTheKeyThenReadyOnceFixed() {
        Examples.replaceSecret(cluster, ns, "artie-model", "wrong-key", SECOND_KEY);
        await().atMost(ROLL).until(() -> "Degraded".equals(jsonPath("{.status.phase}")));
        assertThat(jsonPath("{.status.conditions[?(@.type==\"CapabilitiesReady\")].message}"))
                .isEqualTo("secret artie-model has no key api-key");
        assertThat(cluster.kubectl("get", "artie", Examples.NAME, "-n", ns, "-o", "yaml"))
                .doesNotContain(SECOND_KEY);

        Examples.createModelSecret(cluster, ns, SECOND_KEY);
        await().atMost(ROLL).until(() -> "Ready".equals(jsonPath("{.status.phase}")));
    }

    @Test
    @Order(9)
    void anInvalidSpecIsRefusedByTheApiServerWithAReadableMessage() {
        Processes.Result refused = cluster.tryKubectl(
                "apply", "-n", ns, "-f", Cluster.tempYaml("""
                apiVersion: artie.dev/v1alpha1
                kind: ArtieDeployment
                metadata:
                  name: invalid
                spec:
                  capabilities:
                    model: {baseUrl: "ftp://example.org"}
                  mcpServers:
                    - {name: both, command: node, url: "https://example.org/mcp"}
                """).toString());

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output())
                .contains("spec.capabilities.model.baseUrl")
                .contains("an MCP server needs exactly one of command or url");
        assertThat(cluster.tryKubectl("get", "artie", "invalid", "-n", ns).exitCode())
                .isNotZero();
    }

    @Test
    @Order(10)
    void turningTheHttpChannelOffDeletesItsObjects() {
        cluster.kubectl(
                "patch",
                "artie",
                Examples.NAME,
                "-n",
                ns,
                "--type",
                "merge",
                "-p",
                "{\"spec\":{\"channels\":{\"http\":{\"enabled\":false}}}}");

        await().atMost(ROLL).untilAsserted(() -> {
            assertThat(cluster.client()
                            .apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName(Examples.NAME + "-http-chat")
                            .get())
                    .isNull();
            assertThat(cluster.client()
                            .services()
                            .inNamespace(ns)
                            .withName(Examples.NAME + "-http-chat")
                            .get())
                    .isNull();
            assertThat(pods("http-chat")).isEmpty();
        });
        assertThat(cluster.client()
                        .apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName(Examples.NAME + "-capabilities")
                        .get())
                .isNotNull();
    }

    @Test
    @Order(11)
    void deletingTheArtieDeploymentRemovesEveryChild() {
        assertThat(children()).isNotEmpty();

        long start = System.nanoTime();
        cluster.kubectl("delete", "artie", Examples.NAME, "-n", ns, "--wait=true", "--timeout=300s");
        await().atMost(ROLL).untilAsserted(() -> assertThat(children()).isEmpty());
        Report.figure("delete to every child gone (garbage collector)", Duration.ofNanos(System.nanoTime() - start));
    }

    private void burstWhileDeletingCapabilities(String label, String... deleteOptions) throws Exception {
        int chats = 100;
        // A model that takes a while, as real ones do: the delete comes while most chats are in flight.
        model.answerAfter(Duration.ofSeconds(2));
        String pod = pods("capabilities").getFirst().getMetadata().getName();
        List<CompletableFuture<ChatClient.Reply>> replies = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        long start = System.nanoTime();
        Duration replaced;
        try (PortForward http = httpChat()) {
            var chat = new ChatClient(http);
            for (int i = 0; i < chats; i++) {
                long sent = System.nanoTime();
                replies.add(chat.chatAsyncFetchingLate(
                                "burst-" + label + "-" + i, "what is " + (1000 + i) + " + " + i + "?")
                        .whenComplete((r, e) -> {
                            synchronized (latencies) {
                                latencies.add(System.nanoTime() - sent);
                            }
                        }));
            }
            await().atMost(Duration.ofMinutes(2))
                    .until(() ->
                            replies.stream().filter(CompletableFuture::isDone).count() >= 10);
            List<String> delete = new ArrayList<>(List.of("delete", "pod", pod, "-n", ns, "--wait=false"));
            delete.addAll(List.of(deleteOptions));
            long answeredBefore =
                    replies.stream().filter(CompletableFuture::isDone).count();
            long deleted = System.nanoTime();
            cluster.kubectl(delete.toArray(String[]::new));
            assertThat(answeredBefore)
                    .as("chats still in flight when the pod is deleted")
                    .isLessThan(chats);
            await().atMost(ROLL)
                    .until(() -> pods("capabilities").stream()
                            .anyMatch(p -> !p.getMetadata().getName().equals(pod) && ready(p)));
            replaced = Duration.ofNanos(System.nanoTime() - deleted);
            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).join();
            model.answerAfter(Duration.ZERO);
            Report.line(
                    "burst %s: %d chats, %d answered before the delete, capabilities pod replaced and ready in %d s",
                    label, chats, answeredBefore, replaced.toSeconds());
        }
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        long slowest = latencies.stream().mapToLong(Long::longValue).max().orElse(0);

        List<String> messageIds = new ArrayList<>();
        for (int i = 0; i < chats; i++) {
            ChatClient.Reply reply = replies.get(i).get();
            assertThat(reply.status()).as("chat %d: %s", i, reply.body()).isEqualTo(200);
            assertThat(reply.text()).as("chat %d answers its own sum", i).contains(" = " + (1000 + 2 * i));
            messageIds.add(reply.messageId());
        }
        Map<String, Integer> repliesPerMessage = repliesPerMessage();
        for (String id : messageIds) {
            assertThat(repliesPerMessage.get(id))
                    .as("replies to %s on the outgoing streams", id)
                    .isEqualTo(1);
        }
        long fetchedLate = replies.stream().filter(r -> r.join().fetchedLate()).count();
        Report.line(
                "burst %s: all %d answered right and once; whole burst %d s, slowest chat %d s, %d past the reply"
                        + " timeout (fetched with GET /api/chat/{id})",
                label, chats, total.toSeconds(), Duration.ofNanos(slowest).toSeconds(), fetchedLate);
    }

    private static PortForward httpChat() {
        return cluster.portForward(ns, "svc/" + Examples.NAME + "-http-chat", 8080);
    }

    private static <T> T withRedis(java.util.function.Function<StatefulRedisConnection<String, String>, T> action) {
        try (PortForward forward = cluster.portForward(ns, "svc/" + Examples.NAME + "-redis", 6379)) {
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + forward.localPort());
            try (var connection = client.connect()) {
                return action.apply(connection);
            } finally {
                client.shutdown();
            }
        }
    }

    /** Entries of the person's conversation history in Redis. */
    private static long historyEntries(String person) {
        return withRedis(connection -> {
            var redis = connection.sync();
            long entries = 0;
            var keys = ScanIterator.scan(
                    redis,
                    KeyScanArgs.Builder.matches("artie:history:*" + person + "*")
                            .limit(100));
            while (keys.hasNext()) {
                String key = keys.next();
                if ("list".equals(redis.type(key))) {
                    entries += redis.llen(key);
                }
            }
            return entries;
        });
    }

    /** How many replies each message got, read from every http-chat outgoing stream. */
    private static Map<String, Integer> repliesPerMessage() {
        return withRedis(connection -> {
            var redis = connection.sync();
            MessageCodec codec = MessageCodec.standalone();
            Map<String, Integer> counts = new HashMap<>();
            var streams = ScanIterator.scan(
                    redis,
                    KeyScanArgs.Builder.matches(Streams.OUTGOING_PREFIX + "http*")
                            .limit(100));
            while (streams.hasNext()) {
                for (var entry : redis.xrange(streams.next(), Range.create("-", "+"))) {
                    counts.merge(
                            codec.decodeReply(entry.getBody().get(Streams.MESSAGE_FIELD))
                                    .inReplyTo(),
                            1,
                            Integer::sum);
                }
            }
            return counts;
        });
    }

    private static void deletePods(String component) {
        cluster.kubectl("delete", "pod", "-n", ns, "-l", Labels.COMPONENT + "=" + component, "--wait=true");
    }

    private static List<Pod> pods(String component) {
        return cluster
                .client()
                .pods()
                .inNamespace(ns)
                .withLabel(Labels.INSTANCE, Examples.NAME)
                .withLabel(Labels.COMPONENT, component)
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String podUid(String component) {
        List<Pod> pods = pods(component);
        return pods.size() == 1 && ready(pods.getFirst())
                ? pods.getFirst().getMetadata().getUid()
                : "";
    }

    private static String jsonPath(String path) {
        return cluster.kubectl("get", "artie", Examples.NAME, "-n", ns, "-o", "jsonpath=" + path)
                .strip();
    }

    /** Everything of the ArtieDeployment's in its namespace, pods and volume claims included. */
    private static List<String> children() {
        var client = cluster.client();
        String selector = Labels.INSTANCE;
        Stream<HasMetadata> labelled = Stream.of(
                        client.apps()
                                .deployments()
                                .inNamespace(ns)
                                .withLabel(selector, Examples.NAME)
                                .list()
                                .getItems(),
                        client.apps()
                                .statefulSets()
                                .inNamespace(ns)
                                .withLabel(selector, Examples.NAME)
                                .list()
                                .getItems(),
                        client.services()
                                .inNamespace(ns)
                                .withLabel(selector, Examples.NAME)
                                .list()
                                .getItems(),
                        client.configMaps()
                                .inNamespace(ns)
                                .withLabel(selector, Examples.NAME)
                                .list()
                                .getItems(),
                        client.serviceAccounts()
                                .inNamespace(ns)
                                .withLabel(selector, Examples.NAME)
                                .list()
                                .getItems(),
                        client.network()
                                .networkPolicies()
                                .inNamespace(ns)
                                .withLabel(selector, Examples.NAME)
                                .list()
                                .getItems(),
                        client.pods().inNamespace(ns).list().getItems(),
                        client.persistentVolumeClaims().inNamespace(ns).list().getItems())
                .flatMap(List::stream);
        return labelled.map(o ->
                        o.getClass().getSimpleName() + "/" + o.getMetadata().getName())
                .toList();
    }
}
