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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Entries with the same order key run one at a time, in stream order, although three consumers of the group with
 * several slots each take them at once (docs/queue.md, "Order per key").
 */
class EntryOrderTest {
    @RegisterExtension
    static RedisExtension redisServer = new RedisExtension();

    private static final String STREAM = "artie:test:ordered";
    private static final int KEYS = 4;
    private static final int EACH = 6;

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
        StreamHandler handler = new StreamHandler() {
            @Override
            public void handle(StreamEntry entry) throws InterruptedException {
                String key = orderKey(entry);
                if (!running.add(key)) {
                    overlaps.add(entry.payload());
                }
                Thread.sleep(30); // long enough for the next entry of the key to reach another consumer
                ran.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(entry.payload());
                running.remove(key);
            }

            @Override
            public String orderKey(StreamEntry entry) {
                return entry.payload().substring(0, entry.payload().indexOf('/'));
            }
        };
        for (int c = 0; c < 3; c++) {
            queue.consumer(STREAM, "consumer-" + c, QueueTestSupport.settings(Duration.ofSeconds(5)), handler);
        }

        for (int n = 0; n < EACH; n++) {
            for (int k = 0; k < KEYS; k++) {
                String payload = "key" + k + "/" + n;
                queue.publisher.publish(STREAM, payload);
                published.computeIfAbsent("key" + k, key -> new ArrayList<>()).add(payload);
            }
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        ran.values().stream().mapToInt(List::size).sum() == KEYS * EACH && queue.pending(STREAM) == 0);
        assertThat(ran).isEqualTo(published);
        assertThat(overlaps).isEmpty();
    }

    /**
     * Issue 11 item 5: a consumer reads an entry's order key once, however often it looks at the older pending
     * entries while one waits (every 25 ms); decoding each of them again on every look was the capabilities
     * service's largest queue cost under load.
     */
    @Test
    void eachConsumerReadsAnEntrysOrderKeyOnce() {
        Map<String, java.util.concurrent.atomic.AtomicInteger> reads = new ConcurrentHashMap<>();
        Set<String> done = ConcurrentHashMap.newKeySet();
        StreamHandler handler = new StreamHandler() {
            @Override
            public void handle(StreamEntry entry) throws InterruptedException {
                Thread.sleep(30); // the later entries of the key wait, looking again and again
                done.add(entry.payload());
            }

            @Override
            public String orderKey(StreamEntry entry) {
                reads.computeIfAbsent(entry.payload(), p -> new java.util.concurrent.atomic.AtomicInteger())
                        .incrementAndGet();
                return entry.payload().substring(0, entry.payload().indexOf('/'));
            }
        };
        int consumers = 3;
        for (int c = 0; c < consumers; c++) {
            queue.consumer(STREAM, "consumer-" + c, QueueTestSupport.settings(Duration.ofSeconds(5)), handler);
        }

        for (int n = 0; n < EACH; n++) {
            for (int k = 0; k < KEYS; k++) {
                queue.publisher.publish(STREAM, "key" + k + "/" + n);
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> done.size() == KEYS * EACH && queue.pending(STREAM) == 0);
        assertThat(reads)
                .hasSize(KEYS * EACH)
                .allSatisfy(
                        (payload, count) -> assertThat(count.get()).as(payload).isLessThanOrEqualTo(consumers));
    }
}
