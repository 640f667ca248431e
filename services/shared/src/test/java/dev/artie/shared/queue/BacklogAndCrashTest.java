package dev.artie.shared.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.local.LocalRedisServer;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13's loss and duplicate cases on a real Redis: a backlog past the stream cap, entries held longer than the
 * claim idle time by a consumer whose slots are all busy, consumers that die with entries in flight.
 */
class BacklogAndCrashTest {
    @RegisterExtension
    static RedisExtension redisServer = new RedisExtension();

    private static final String STREAM = "artie:test:backlog";
    private static final QueueSettings SETTINGS_ONE_SLOT =
            QueueSettings.defaults().with(Duration.ofMillis(300), 1, Duration.ofMillis(10));
    private static final QueueSettings SETTINGS_FOUR_SLOTS =
            QueueSettings.defaults().with(Duration.ofMillis(300), 4, Duration.ofMillis(10));
    private static final QueueSettings SETTINGS_EIGHT_SLOTS =
            QueueSettings.defaults().with(Duration.ofMillis(300), 8, Duration.ofMillis(10));
    private QueueTestSupport queue;
    private final List<Replica> replicas = new ArrayList<>();

    @BeforeEach
    void connect() {
        queue = new QueueTestSupport(redisServer.url());
    }

    @AfterEach
    void disconnect() {
        replicas.forEach(Replica::close);
        queue.close();
    }

    static Stream<Path> redisBinaries() {
        return RedisVersionsTest.redisBinaries();
    }

    /** Item 7: 3,000 messages arrive while the only consumer is away; the cap is 1,000; every one is answered. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("redisBinaries")
    void aBacklogBeyondTheCapIsAnsweredInFullWhenTheConsumerComesBack(Path binary) throws Exception {
        try (LocalRedisServer server = new LocalRedisServer(binary, Files.createTempDirectory("redis"), 0).start();
                QueueTestSupport queue = new QueueTestSupport(server.url())) {
            // Two groups read the stream; the second, a slow one, has read only the first entry.
            queue.redis.xgroupCreate(
                    XReadArgs.StreamOffset.from(STREAM, "0"), "group", XGroupCreateArgs.Builder.mkstream(true));
            queue.redis.xgroupCreate(XReadArgs.StreamOffset.from(STREAM, "0"), "slow-group");
            List<String> published = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                published.add(queue.publish(STREAM, queue.incoming("message " + i)));
            }
            assertThat(queue.redis.xlen(STREAM)).isEqualTo(3000);

            Set<String> answered = ConcurrentHashMap.newKeySet();
            queue.consumer(
                    STREAM,
                    "back",
                    QueueTestSupport.settings(Duration.ofSeconds(30)),
                    entry -> answered.add(entry.id()));
            await().atMost(Duration.ofSeconds(60)).until(() -> answered.size() == 3000 && queue.pending(STREAM) == 0);
            assertThat(answered).containsExactlyInAnyOrderElementsOf(published);

            // The slow group still needs everything after its first entry: nothing it has not read is trimmed.
            queue.redis.xreadgroup(
                    Consumer.from("slow-group", "slow"),
                    XReadArgs.Builder.count(1),
                    XReadArgs.StreamOffset.lastConsumed(STREAM));
            queue.publish(STREAM, queue.incoming("one more"));
            assertThat(queue.redis.xlen(STREAM)).isGreaterThanOrEqualTo(3000);

            // Once every group has read and acknowledged them, old entries are trimmed down to about the cap.
            queue.redis.xgroupDestroy(STREAM, "slow-group");
            await().atMost(Duration.ofSeconds(10)).until(() -> answered.size() == 3001);
            queue.publish(STREAM, queue.incoming("and another"));
            assertThat(queue.redis.xlen(STREAM)).isLessThan(1300);
        }
    }

    /** Item 7: dead letters are not capped; a flood of them pushes none out. */
    @Test
    void deadLettersStayUntilSomeoneRemovesThem() {
        for (int i = 0; i < 1500; i++) {
            queue.deadLetters.send(STREAM, i + "-0", "failed", 3, "{}");
        }
        assertThat(queue.deadLetters.count()).isEqualTo(1500);
    }

    /** Item 7: the backlog (entries not yet delivered to the group) is a metric, on Redis 6.2 (counted) and 7. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("redisBinaries")
    void lagCountsEntriesNotYetDeliveredToTheGroup(Path binary) throws Exception {
        try (LocalRedisServer server = new LocalRedisServer(binary, Files.createTempDirectory("redis"), 0).start();
                QueueTestSupport queue = new QueueTestSupport(server.url())) {
            queue.redis.xgroupCreate(
                    XReadArgs.StreamOffset.from(STREAM, "0"), "group", XGroupCreateArgs.Builder.mkstream(true));
            for (int i = 0; i < 5; i++) {
                queue.publish(STREAM, queue.incoming("waiting " + i));
            }
            queue.redis.xreadgroup(
                    Consumer.from("group", "reader"),
                    XReadArgs.Builder.count(2),
                    XReadArgs.StreamOffset.lastConsumed(STREAM));
            assertThat(StreamConsumerRegistry.lag(queue.redis, STREAM, "group")).isEqualTo(3);
        }
    }

    /**
     * Item 8: a consumer that works on one entry at a time, slower than the claim idle time, while another
     * consumer with free slots looks for entries to reclaim: it must find none that is still being worked on, and
     * the busy one must not sit on entries it read but cannot work on yet.
     */
    @Test
    void aBusyConsumersEntriesAreNotTakenOverWhileItWorksOnThem() throws InterruptedException {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        StreamHandler slow = entry -> {
            runs.computeIfAbsent(entry.id(), id -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(1_200); // four claim idle times
        };
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            published.add(queue.publish(STREAM, queue.incoming("slow " + i)));
        }
        queue.consumer(STREAM, "busy", SETTINGS_ONE_SLOT, slow);
        await().atMost(Duration.ofSeconds(10)).until(() -> !runs.isEmpty());
        queue.consumer(STREAM, "idle", SETTINGS_FOUR_SLOTS, slow);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> runs.keySet().containsAll(published) && queue.pending(STREAM) == 0);
        Thread.sleep(1_500); // a second run of a taken-over entry would start within this
        assertThat(runs)
                .allSatisfy((id, count) -> assertThat(count.get()).as(id).isEqualTo(1));
        assertThat(queue.deadLetters.count()).isZero();
    }

    /**
     * Item 11: one poison entry kills its consumer each time it runs, with five innocent ones in flight beside it.
     * Only the poison is dead-lettered, having run at most three times; every innocent one is answered.
     */
    @Test
    void aPoisonEntryIsDeadLetteredAloneAndTheOnesInFlightBesideItAreAnswered() {
        List<String> innocent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            innocent.add(queue.publish(STREAM, queue.incoming("innocent " + i)));
        }
        String poison = queue.publish(STREAM, queue.incoming("poison"));
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger poisonRuns = new AtomicInteger();

        for (int round = 1; round <= 10 && queue.deadLetters.count() == 0; round++) {
            Replica replica = new Replica("replica-" + round);
            CountDownLatch crashed = new CountDownLatch(1);
            replica.start(entry -> {
                if (entry.id().equals(poison)) {
                    poisonRuns.incrementAndGet();
                    replica.crash();
                    crashed.countDown();
                    new CountDownLatch(1).await(); // dead: never returns
                }
                Thread.sleep(300);
                if (crashed.getCount() == 0) {
                    new CountDownLatch(1).await(); // its process is gone: it never finishes
                }
                answered.add(entry.id());
            });
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> crashed.getCount() == 0 || queue.deadLetters.count() > 0);
        }

        Replica survivor = new Replica("survivor");
        survivor.start(entry -> answered.add(entry.id()));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> answered.containsAll(innocent) && queue.pending(STREAM) == 0);
        assertThat(queue.deadLetters.list(10)).singleElement().satisfies(letter -> {
            assertThat(letter.entryId()).isEqualTo(poison);
            assertThat(letter.reason()).contains("ended with the consumer dying");
        });
        assertThat(poisonRuns.get()).isLessThanOrEqualTo(3);
    }

    /**
     * A node lost with entries in flight: none of them is to blame, so the consumer that takes them over runs them
     * side by side, not one by one (which made a 100-chat burst wait past the reply timeout on the test cluster).
     */
    @Test
    void entriesInFlightAtOneCrashRunSideBySideAfterward() {
        List<String> published = publish(6);
        Replica lost = new Replica("lost");
        AtomicInteger taken = new AtomicInteger();
        lost.start(entry -> {
            taken.incrementAndGet();
            new CountDownLatch(1).await(); // in flight until the node goes
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> taken.get() == published.size());
        lost.crash();

        assertThat(runSideBySide(published))
                .as("most entries running at once on the survivor")
                .isGreaterThan(1);
    }

    /**
     * A pod deleted, even by force, is stopped first (SIGTERM) and killed when its grace ends: its runs under way
     * are taken back at the stop, so two such deletions in a row make nobody a suspect and nothing runs alone.
     */
    @Test
    void runsCutShortByAStopAndAKillAreNotCrashes() {
        List<String> published = publish(6);
        for (int deletion = 1; deletion <= StreamConsumer.SUSPECT_AFTER_CRASHES; deletion++) {
            Replica deleted = new Replica("deleted-" + deletion);
            AtomicInteger taken = new AtomicInteger();
            deleted.start(entry -> {
                taken.incrementAndGet();
                new CountDownLatch(1).await();
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> taken.get() == published.size());
            Thread stopping = Thread.ofVirtual().start(() -> deleted.consumer.stop(Duration.ofSeconds(30)));
            await().atMost(Duration.ofSeconds(10)).until(() -> publishedRunsUnderway(published) == 0);
            deleted.crash(); // the kill at the end of the grace: nothing more reaches Redis
            stopping.interrupt();
        }

        assertThat(runSideBySide(published))
                .as("most entries running at once on the survivor")
                .isGreaterThan(1);
    }

    private List<String> publish(int count) {
        List<String> published = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            published.add(queue.publish(STREAM, queue.incoming("in flight " + i)));
        }
        return published;
    }

    /** Runs the published entries on a fresh replica until all are acknowledged; returns the most run at once. */
    private int runSideBySide(List<String> published) {
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        new Replica("survivor").start(entry -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(300);
            running.decrementAndGet();
            answered.add(entry.id());
        });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> answered.containsAll(published) && queue.pending(STREAM) == 0);
        assertThat(queue.deadLetters.count()).isZero();
        return most.get();
    }

    /** Runs counted as started and not ended, as {@link EntryRuns} keeps them for the published entries. */
    private long publishedRunsUnderway(List<String> published) {
        EntryRuns runs = new EntryRuns(queue.redis, STREAM, "group");
        return published.stream().mapToLong(id -> runs.load(id).crashes()).sum();
    }

    /** Item 11: attempts are counted across consumers: a reclaim does not start the count again. */
    @Test
    void theAttemptCountSurvivesAReclaim() {
        String entryId = queue.publish(STREAM, queue.incoming("always fails"));
        AtomicInteger runs = new AtomicInteger();
        Replica first = new Replica("first");
        first.start(entry -> {
            if (runs.incrementAndGet() == 2) {
                first.crash(); // dies during its second attempt
                new CountDownLatch(1).await();
            }
            throw new IllegalStateException("broken");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);

        Replica second = new Replica("second");
        second.start(entry -> {
            runs.incrementAndGet();
            throw new IllegalStateException("broken");
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> queue.deadLetters.count() == 1);
        assertThat(queue.deadLetters.list(1).getFirst().entryId()).isEqualTo(entryId);
        assertThat(runs.get()).isEqualTo(3);
    }

    /** Item 11: an entry whose effect exists is acknowledged, however often it was delivered. */
    @Test
    void anEntryAlreadyDoneIsAcknowledgedWhateverItsDeliveryCount() {
        queue.redis.xgroupCreate(
                XReadArgs.StreamOffset.from(STREAM, "0"), "group", XGroupCreateArgs.Builder.mkstream(true));
        String entryId = queue.publish(STREAM, queue.incoming("answered before the crashes"));
        queue.redis.xreadgroup(Consumer.from("group", "dead-1"), XReadArgs.StreamOffset.lastConsumed(STREAM));
        for (int i = 2; i <= 5; i++) {
            queue.redis.xclaim(STREAM, Consumer.from("group", "dead-" + i), 0, entryId);
        }
        AtomicInteger calls = new AtomicInteger();
        queue.consumer(STREAM, "alive", QueueTestSupport.settings(Duration.ofMillis(200)), new StreamHandler() {
            @Override
            public void handle(StreamEntry entry) {
                calls.incrementAndGet();
            }

            @Override
            public boolean alreadyDone(StreamEntry entry) {
                return true;
            }
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> queue.pending(STREAM) == 0);
        assertThat(queue.deadLetters.count()).isZero();
        assertThat(calls.get()).isZero();
    }

    /** A consumer with a Redis connection of its own, as a replica has; crash() drops it as a dying process would. */
    private final class Replica implements AutoCloseable {
        private final RedisClient client = RedisClientOptions.standalone(redisServer.url());
        private final StatefulRedisConnection<String, String> connection = client.connect();
        private final String name;
        private StreamConsumer consumer;

        Replica(String name) {
            this.name = name;
            replicas.add(this);
        }

        void start(StreamHandler handler) {
            var redis = connection.sync();
            consumer = new StreamConsumer(
                    client,
                    redis,
                    STREAM,
                    "group",
                    name,
                    SETTINGS_EIGHT_SLOTS,
                    handler,
                    new DeadLetters(redis, new StreamPublisher(redis, 1000)),
                    new SimpleMeterRegistry());
            consumer.start();
        }

        /** Nothing this replica does reaches Redis any more: no acknowledgement, no renewal, no count. */
        void crash() {
            client.shutdownAsync(0, 0, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            if (consumer != null) {
                consumer.stop(Duration.ofMillis(200));
            }
            client.shutdownAsync(0, 0, TimeUnit.SECONDS);
        }
    }
}
