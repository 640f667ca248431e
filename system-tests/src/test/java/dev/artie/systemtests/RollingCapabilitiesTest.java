package dev.artie.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.LocalStackProcess;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11 item 4 on the local stack: three capabilities replicas under a steady chat load are rolled one by one
 * as a Deployment with {@code maxUnavailable: 0} rolls them (the new replica ready first, then the old one
 * stopped with SIGTERM). No chat is lost, none answered twice, none gets an error; the latency during the roll is
 * printed. Each replica keeps its own SQLite file: the chats only use the calculator (shared memories across
 * replicas are PostgreSQL's, tested in capabilities).
 */
class RollingCapabilitiesTest {
    @RegisterExtension
    static RedisExtension redisServer = new RedisExtension();

    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([^\"]+)\"");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int PEOPLE = 12;
    /**
     * A dozen people chatting non-stop: far above the per-person allowance, which is not under test, and more
     * replies than the stream cap, past which acknowledged replies are trimmed before they could be counted.
     */
    private static final Map<String, String> LOAD_SETTINGS =
            Map.of("ARTIE_RATE_LIMIT_ENABLED", "false", "ARTIE_STREAM_MAX_LENGTH", "10000000");

    private final List<Process> replicas = Collections.synchronizedList(new ArrayList<>());
    private LocalStackProcess stack;

    @AfterEach
    void stop() throws Exception {
        for (Process replica : replicas) {
            replica.destroy();
        }
        for (Process replica : replicas) {
            replica.waitFor();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void rollingThreeReplicasOneByOneUnderLoadLosesNoChatAndAnswersNoneTwice() throws Exception {
        stack = LocalStackProcess.start(redisServer.url(), LOAD_SETTINGS, () -> true);
        List<Process> old = new ArrayList<>(List.of(startReplica("a"), startReplica("b")));

        record Chat(String user, int n, HttpResponse<String> response, long nanos) {}
        List<Chat> chats = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService people = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> load = new ArrayList<>();
        for (int p = 0; p < PEOPLE; p++) {
            String user = "roller-" + p;
            load.add(people.submit(() -> {
                // Each person chats one message after another, as people do: a steady, closed-loop load.
                for (int n = 0; loading.get(); n++) {
                    long start = System.nanoTime();
                    HttpResponse<String> response = chat(user, "what is " + (1000 + n) + " + " + n + "?");
                    chats.add(new Chat(user, n, response, System.nanoTime() - start));
                }
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> chats.size() >= 3 * PEOPLE);
        int beforeRoll = chats.size();

        // The roll: for each old replica a new one first, ready, then the old one stopped as Kubernetes stops it.
        long rollStart = System.nanoTime();
        for (int i = 0; i < old.size(); i++) {
            startReplica("new-" + i);
            stopGracefully(old.get(i).toHandle());
        }
        // The stack's own replica last: its supervisor starts it again, as a ReplicaSet replaces a deleted pod.
        ProcessHandle supervised = stack.serviceProcess("artie-capabilities");
        stopGracefully(supervised);
        await().atMost(Duration.ofSeconds(120))
                .ignoreExceptions()
                .until(() -> !stack.serviceProcess("artie-capabilities").equals(supervised)
                        && stack.status(stack.capabilitiesPort(), "/health/readiness") == 200);
        long rollNanos = System.nanoTime() - rollStart;
        int duringRoll = chats.size() - beforeRoll;
        int afterRoll = chats.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> chats.size() >= afterRoll + PEOPLE);
        loading.set(false);
        for (Future<?> person : load) {
            person.get();
        }

        List<String> messageIds = new ArrayList<>();
        List<Long> rollLatencies = new ArrayList<>();
        synchronized (chats) {
            for (int i = 0; i < chats.size(); i++) {
                Chat chat = chats.get(i);
                assertThat(chat.response().statusCode())
                        .as(
                                "%s's chat %d: %s",
                                chat.user(), chat.n(), chat.response().body())
                        .isEqualTo(200);
                assertThat(chat.response().body())
                        .as("%s's chat %d answers its own sum", chat.user(), chat.n())
                        .contains(" = " + (1000 + 2 * chat.n()));
                Matcher id = MESSAGE_ID.matcher(chat.response().body());
                assertThat(id.find()).isTrue();
                messageIds.add(id.group(1));
                if (i >= beforeRoll && i < afterRoll) {
                    rollLatencies.add(chat.nanos());
                }
            }
        }
        Map<String, Integer> repliesPerMessage = repliesPerMessage();
        for (String id : messageIds) {
            assertThat(repliesPerMessage.get(id)).as("replies to %s", id).isEqualTo(1);
        }
        assertThat(duringRoll).as("chats answered while the replicas rolled").isPositive();
        Collections.sort(rollLatencies);
        System.out.printf(
                "[system-tests figure] rolling 3 capabilities replicas under %d people chatting: %d chats, "
                        + "%d during the %.1f s roll, latency during the roll p50 %d ms, p99 %d ms, max %d ms; "
                        + "none lost, none twice%n",
                PEOPLE,
                chats.size(),
                duringRoll,
                rollNanos / 1e9,
                millis(rollLatencies, 0.50),
                millis(rollLatencies, 0.99),
                millis(rollLatencies, 1.0));
    }

    /** A capabilities replica beside the stack's, as `up` starts one, with its own port and memory file. */
    private Process startReplica(String name) throws IOException {
        Map<String, String> environment = new HashMap<>(LOAD_SETTINGS);
        environment.putAll(Map.of(
                "REDIS_URL",
                redisServer.url(),
                "ARTIE_MEMORY_PATH",
                stack.root().resolve("memory-" + name + ".db").toString()));
        Process replica =
                CapabilitiesReplica.start(stack.root(), name, environment).process();
        replicas.add(replica);
        return replica;
    }

    private static void stopGracefully(ProcessHandle replica) {
        replica.destroy(); // SIGTERM, as the kubelet sends it
        await().atMost(Duration.ofSeconds(40)).until(() -> !replica.isAlive());
    }

    private static long millis(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return Duration.ofNanos(sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))))
                .toMillis();
    }

    private HttpResponse<String> chat(String user, String message) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.chatPort() + "/api/chat"))
                        .timeout(Duration.ofSeconds(90))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"userId\":\"" + user + "\",\"message\":\"" + message + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Integer> repliesPerMessage() {
        RedisClient client = RedisClient.create(redisServer.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            var redis = connection.sync();
            MessageCodec codec = MessageCodec.standalone();
            Map<String, Integer> counts = new HashMap<>();
            ScanIterator.scan(
                            redis,
                            KeyScanArgs.Builder.matches(Streams.OUTGOING_PREFIX + "http:*")
                                    .limit(100))
                    .forEachRemaining(stream -> redis.xrange(stream, Range.create("-", "+"))
                            .forEach(entry -> {
                                ReplyMessage reply =
                                        codec.decodeReply(entry.getBody().get(Streams.MESSAGE_FIELD));
                                counts.merge(reply.inReplyTo(), 1, Integer::sum);
                            }));
            return counts;
        } finally {
            client.shutdown();
        }
    }
}
