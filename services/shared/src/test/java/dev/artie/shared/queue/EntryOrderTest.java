package dev.artie.shared.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.shared.testing.RedisExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Entries with the same order key run one at a time, in stream order, although three consumers of the group with
 * several slots each take them at once (docs/queue.md, "Order per key"). The key is the values of the handler's
 * order fields in the JSON payload, compared in Redis.
 */
class EntryOrderTest {
    @RegisterExtension
    static RedisExtension redisServer = new RedisExtension();

    private static final String STREAM = "artie:test:ordered";
    private static final int KEYS = 4;
    private static final int EACH = 6;
    private static final Pattern KEY = Pattern.compile("\"who\":\"([^\"]+)\",\"where\":\"([^\"]+)\"");

    private QueueTestSupport queue;

    @BeforeEach
    void setUp() {
        queue = new QueueTestSupport(redisServer.url());
    }

    @AfterEach
    void tearDown() {
        queue.close();
    }

    @Test
    void entriesOfOneKeyRunOneAtATimeInStreamOrder() {
        Map<String, List<String>> published = new ConcurrentHashMap<>();
        Map<String, List<String>> ran = new ConcurrentHashMap<>();
        Set<String> running = ConcurrentHashMap.newKeySet();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        StreamHandler handler = new OrderedHandler() {
            @Override
            public void handle(StreamEntry entry) throws InterruptedException {
                String key = keyOf(entry);
                if (!running.add(key)) {
                    overlaps.add(entry.payload());
                }
                Thread.sleep(30); // long enough for the next entry of the key to reach another consumer
                ran.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(entry.payload());
                running.remove(key);
            }
        };
        for (int c = 0; c < 3; c++) {
            queue.consumer(STREAM, "consumer-" + c, QueueTestSupport.settings(Duration.ofSeconds(5)), handler);
        }

        for (int n = 0; n < EACH; n++) {
            for (int k = 0; k < KEYS; k++) {
                // Two fields make the key: "ann" on "sms" and "ann" on "email" are not one key.
                String payload = payload("ann", "channel-" + k, n);
                queue.publisher.publish(STREAM, payload);
                published
                        .computeIfAbsent("ann@channel-" + k, key -> new ArrayList<>())
                        .add(payload);
            }
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        ran.values().stream().mapToInt(List::size).sum() == KEYS * EACH && queue.pending(STREAM) == 0);
        assertThat(ran).isEqualTo(published);
        assertThat(overlaps).isEmpty();
        assertThat(queue.redis.hlen("artie:queue:order:group:" + STREAM))
                .as("the keys kept for the entries in hand go as they are acknowledged")
                .isZero();
    }

    /** A payload that is no JSON, or lacks an order field, has no key: nothing waits for it, and it waits for nothing. */
    @Test
    void anEntryWithoutAKeyHoldsUpNobody() {
        Set<String> done = ConcurrentHashMap.newKeySet();
        StreamHandler handler = new OrderedHandler() {
            @Override
            public void handle(StreamEntry entry) throws InterruptedException {
                if (entry.payload().startsWith("slow")) {
                    Thread.sleep(3_000);
                }
                done.add(entry.payload());
            }
        };
        queue.consumer(STREAM, "consumer-0", QueueTestSupport.settings(Duration.ofSeconds(5)), handler);

        queue.publisher.publish(STREAM, "slow, and no JSON");
        queue.publisher.publish(STREAM, "{\"who\":\"ann\"}");
        queue.publisher.publish(STREAM, payload("ann", "sms", 1));

        await().atMost(Duration.ofSeconds(2))
                .until(() -> done.containsAll(List.of("{\"who\":\"ann\"}", payload("ann", "sms", 1))));
        assertThat(done).doesNotContain("slow, and no JSON");
    }

    /**
     * An entry waiting for an older one of its key that its own consumer holds waits for it to leave, without asking
     * Redis again every 25 ms: each entry asks once, then once more each time an older one of its key is done. Each
     * entry's payload is read once for its key, kept in Redis until the entry is acknowledged.
     */
    @Test
    void anEntryWaitingForOneItsConsumerHoldsDoesNotAskRedisWhileItWaitsAndEachKeyIsReadOnce() {
        Set<String> done = ConcurrentHashMap.newKeySet();
        StreamHandler handler = new OrderedHandler() {
            @Override
            public void handle(StreamEntry entry) throws InterruptedException {
                Thread.sleep(100); // four looks a wait, were they every 25 ms
                done.add(entry.payload());
            }
        };
        // One consumer with a slot for every entry: each waits for the older entries of its key, all held here.
        queue.consumer(
                STREAM,
                "consumer-0",
                QueueSettings.defaults().with(Duration.ofSeconds(5), KEYS * EACH, Duration.ofMillis(10)),
                handler);
        long scriptsBefore = calls("eval");
        long readsBefore = calls("xrange");

        for (int n = 0; n < EACH; n++) {
            for (int k = 0; k < KEYS; k++) {
                queue.publisher.publish(STREAM, payload("ann", "channel-" + k, n));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> done.size() == KEYS * EACH && queue.pending(STREAM) == 0);

        // Per entry: its publish, its run's start, its acknowledgement (which also ends the run's counts), and 1 +
        // (entries of its key before it) looks.
        long looks = KEYS * (long) EACH * (EACH + 1) / 2;
        long expected = 3L * KEYS * EACH + looks;
        assertThat(calls("eval") - scriptsBefore).isBetween(expected, expected + KEYS * EACH / 2);
        assertThat(calls("xrange") - readsBefore)
                .as("each entry's payload is read once for its key, however many looks meet it")
                .isEqualTo(KEYS * EACH);
    }

    /** How often Redis ran the command, those run by scripts included. */
    private long calls(String command) {
        Matcher calls =
                Pattern.compile("(?m)^cmdstat_" + command + ":calls=(\\d+)").matcher(queue.redis.info("commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    private static String payload(String who, String where, int n) {
        return "{\"who\":\"" + who + "\",\"where\":\"" + where + "\",\"n\":" + n + "}";
    }

    /** Orders by the fields "who" and "where". */
    private abstract static class OrderedHandler implements StreamHandler {
        @Override
        public List<String> orderFields() {
            return List.of("who", "where");
        }

        static String keyOf(StreamEntry entry) {
            Matcher matcher = KEY.matcher(entry.payload());
            return matcher.find() ? matcher.group(1) + "@" + matcher.group(2) : null;
        }
    }
}
