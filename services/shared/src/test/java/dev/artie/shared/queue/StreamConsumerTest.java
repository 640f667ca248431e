package dev.artie.shared.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Consumer;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StreamConsumerTest {
    @RegisterExtension
    static RedisExtension redisServer = new RedisExtension();

    private static final String STREAM = "artie:test:incoming";
    private QueueTestSupport queue;

    @BeforeEach
    void connect() {
        queue = new QueueTestSupport(redisServer.url());
    }

    @AfterEach
    void disconnect() {
        queue.close();
    }

    @Test
    void acknowledgesOnlyAfterTheHandlerReturns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        queue.consumer(STREAM, "c1", QueueTestSupport.settings(Duration.ofSeconds(30)), entry -> {
            started.countDown();
            release.await();
        });
        queue.publish(STREAM, queue.incoming("hello"));

        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.pending(STREAM)).isEqualTo(1);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.pending(STREAM) == 0);
    }

    @Test
    void stopFinishesAndAcknowledgesInFlightWorkButReadsNothingNew() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        List<String> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
        StreamConsumer consumer =
                queue.consumer(STREAM, "c1", QueueTestSupport.settings(Duration.ofSeconds(30)), entry -> {
                    started.countDown();
                    Thread.sleep(500);
                    finished.add(entry.id());
                });
        String inFlight = queue.publish(STREAM, queue.incoming("in flight at shutdown"));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        consumer.stop(Duration.ofSeconds(5));
        queue.publish(STREAM, queue.incoming("arrives after shutdown"));
        Thread.sleep(1_500);

        assertThat(finished).containsExactly(inFlight);
        assertThat(queue.pending(STREAM)).isZero();
        assertThat(queue.redis.xlen(STREAM)).isEqualTo(2); // the second one waits in the stream for the next consumer
    }

    @Test
    void reclaimsWhatADeadConsumerLeftPending() {
        queue.redis.xgroupCreate(
                XReadArgs.StreamOffset.from(STREAM, "0"), "group", XGroupCreateArgs.Builder.mkstream(true));
        String entryId = queue.publish(STREAM, queue.incoming("orphaned"));
        // A consumer that read the entry and died before acknowledging it.
        queue.redis.xreadgroup(Consumer.from("group", "dead"), XReadArgs.StreamOffset.lastConsumed(STREAM));
        assertThat(queue.pending(STREAM)).isEqualTo(1);

        List<StreamEntry> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        queue.consumer(STREAM, "alive", QueueTestSupport.settings(Duration.ofMillis(300)), handled::add);

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 1 && queue.pending(STREAM) == 0);
        assertThat(handled.getFirst().id()).isEqualTo(entryId);
        assertThat(handled.getFirst().deliveries()).isEqualTo(2);
        assertThat(queue.metrics
                        .counter("artie.queue.reclaimed", "stream", STREAM)
                        .count())
                .isEqualTo(1);
    }

    @Test
    void keepsItsOwnSlowEntryFromBeingReclaimed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        QueueSettings shortIdle = QueueTestSupport.settings(Duration.ofMillis(300));
        queue.consumer(STREAM, "slow", shortIdle, entry -> {
            calls.incrementAndGet();
            release.await();
        });
        queue.consumer(STREAM, "other", shortIdle, entry -> calls.incrementAndGet());
        queue.publish(STREAM, queue.incoming("takes a while"));

        Thread.sleep(2_000); // several claim-idle periods: the entry must stay with its first consumer
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.pending(STREAM) == 0);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void retriesWithBackoffThenSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        queue.consumer(STREAM, "c1", QueueTestSupport.settings(Duration.ofSeconds(30)), entry -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("transient");
            }
        });
        queue.publish(STREAM, queue.incoming("flaky"));

        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 3 && queue.pending(STREAM) == 0);
        assertThat(queue.deadLetters.count()).isZero();
        assertThat(queue.metrics
                        .counter("artie.queue.retries", "stream", STREAM)
                        .count())
                .isEqualTo(2);
    }

    @Test
    void deadLettersAfterTheLastAttemptWithReasonAndOriginalPayload() {
        queue.consumer(STREAM, "c1", QueueTestSupport.settings(Duration.ofSeconds(30)), entry -> {
            throw new IllegalStateException("model exploded");
        });
        IncomingMessage message = queue.incoming("doomed");
        String entryId = queue.publish(STREAM, message);

        await().atMost(Duration.ofSeconds(5)).until(() -> queue.deadLetters.count() == 1);
        DeadLetter letter = queue.deadLetters.list(10).getFirst();
        assertThat(letter.stream()).isEqualTo(STREAM);
        assertThat(letter.entryId()).isEqualTo(entryId);
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(letter.reason()).contains("failed after 3 attempts").contains("model exploded");
        assertThat(queue.codec.decodeIncoming(letter.message())).isEqualTo(message);
        await().atMost(Duration.ofSeconds(2)).until(() -> queue.pending(STREAM) == 0);
    }

    /** As on the stream gauges: an instance's reply stream is not counted as the channel's own stream. */
    @Test
    void anInstancesReplyStreamIsCountedUnderItsOwnLabel() {
        String channelStream = Streams.outgoing("test");
        String instanceStream = channelStream + ":pod-1";
        for (String stream : List.of(channelStream, instanceStream)) {
            queue.consumer(stream, "c1", QueueTestSupport.settings(Duration.ofSeconds(30)), entry -> {
                throw new PermanentFailureException("refused for good", null);
            });
            queue.publish(stream, queue.incoming("refused"));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> queue.deadLetters.count() == 2);
        assertThat(queue.metrics
                        .counter("artie.dead.letters", "stream", channelStream, "reason", "refused")
                        .count())
                .isEqualTo(1);
        assertThat(queue.metrics
                        .counter("artie.dead.letters", "stream", channelStream + ":<instance>", "reason", "refused")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void malformedEntriesAreDeadLetteredAtOnceAndTheConsumerGoesOn() {
        ConcurrentLinkedQueue<String> good = new ConcurrentLinkedQueue<>();
        AtomicInteger calls = new AtomicInteger();
        queue.consumer(STREAM, "c1", QueueTestSupport.settings(Duration.ofSeconds(30)), entry -> {
            calls.incrementAndGet();
            good.add(queue.codec.decodeIncoming(entry.payload()).text());
        });
        queue.publisher.publish(STREAM, "{not json");
        queue.redis.xadd(STREAM, java.util.Map.of("unexpected", "field"));
        queue.publish(STREAM, queue.incoming("still answered"));

        await().atMost(Duration.ofSeconds(5)).until(() -> good.contains("still answered"));
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.deadLetters.count() == 2);
        assertThat(calls.get()).isEqualTo(3); // each malformed entry was tried once, never retried
        assertThat(queue.deadLetters.list(10))
                .allSatisfy(letter -> assertThat(letter.reason()).startsWith("malformed: "));
        assertThat(queue.deadLetters.list(10)).extracting(DeadLetter::message).contains("{not json");
    }

    @Test
    void replayPutsADeadLetterBackOnItsStream() {
        String payload = queue.codec.encode(queue.incoming("second chance"));
        String letterId = queue.deadLetters.send(STREAM, "1-0", "failed after 3 attempts", 3, payload);

        String newEntry = queue.deadLetters.replay(letterId);

        assertThat(queue.deadLetters.count()).isZero();
        var entries = queue.redis.xrange(STREAM, io.lettuce.core.Range.create(newEntry, newEntry));
        assertThat(entries)
                .singleElement()
                .satisfies(
                        e -> assertThat(e.getBody().get(Streams.MESSAGE_FIELD)).isEqualTo(payload));
    }

    @Test
    void aReplyIsPublishedOnceHoweverOftenItIsAttempted() {
        IncomingMessage message = queue.incoming("answer me once");
        String reply = queue.codec.encode(message.reply("the answer", false));

        assertThat(queue.publisher.alreadyReplied(message.id())).isFalse();
        assertThat(queue.publisher.publishReplyOnce(message.replyTo(), message.id(), reply))
                .isTrue();
        assertThat(queue.publisher.publishReplyOnce(message.replyTo(), message.id(), reply))
                .isFalse();

        assertThat(queue.redis.xlen(message.replyTo())).isEqualTo(1);
        assertThat(queue.publisher.alreadyReplied(message.id())).isTrue();
    }
}
