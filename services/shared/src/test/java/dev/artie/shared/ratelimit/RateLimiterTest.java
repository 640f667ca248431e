package dev.artie.shared.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.local.LocalRedisServer;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Token buckets in a real Redis: per person, per channel, shared by replicas, open while Redis is away. */
class RateLimiterTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static RedisClient client;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(redis.url());
    }

    @AfterAll
    static void close() {
        client.shutdown();
    }

    private static RateLimiter limiter(long perPerson, long perChannel, SimpleMeterRegistry metrics) {
        return new RateLimiter(
                client,
                new RateLimitSettings(true, perPerson, Duration.ofHours(1), perChannel, Duration.ofHours(1)),
                metrics);
    }

    private static String channel() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aPersonBeyondTheirAllowanceIsRefusedWithTheWaitAndOthersAreNot() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        String channel = channel();
        try (RateLimiter limiter = limiter(3, 1000, metrics)) {
            IntStream.range(0, 3)
                    .forEach(i -> assertThat(limiter.check(channel, "flood").allowed())
                            .isTrue());
            RateLimitDecision refused = limiter.check(channel, "flood");
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.scope()).isEqualTo("person");
            // One token every 20 minutes (3 an hour).
            assertThat(refused.retryAfterSeconds()).isBetween(1L, 20 * 60L);
            assertThat(limiter.check(channel, "someone-else").allowed()).isTrue();
            assertThat(limiter.check(channel(), "flood").allowed())
                    .as("same id on another channel")
                    .isTrue();
            assertThat(metrics.counter("artie.rate.limited", "channel", channel).count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void theLimitIsSharedByEveryReplica() {
        String channel = channel();
        try (RateLimiter first = limiter(4, 1000, new SimpleMeterRegistry());
                RateLimiter second = limiter(4, 1000, new SimpleMeterRegistry())) {
            long allowed = IntStream.range(0, 10)
                    .filter(i ->
                            (i % 2 == 0 ? first : second).check(channel, "p").allowed())
                    .count();
            assertThat(allowed).isEqualTo(4);
        }
    }

    @Test
    void theChannelLimitHoldsForEveryoneAndAFloodOnlyUsesItsOwnShareOfIt() {
        String channel = channel();
        try (RateLimiter limiter = limiter(2, 5, new SimpleMeterRegistry())) {
            // A flood of 20 from one person takes 2 of the channel's 5.
            long flood = IntStream.range(0, 20)
                    .filter(i -> limiter.check(channel, "flood").allowed())
                    .count();
            assertThat(flood).isEqualTo(2);
            assertThat(limiter.check(channel, "a").allowed()).isTrue();
            assertThat(limiter.check(channel, "b").allowed()).isTrue();
            assertThat(limiter.check(channel, "c").allowed()).isTrue();
            RateLimitDecision full = limiter.check(channel, "d");
            assertThat(full.allowed()).isFalse();
            assertThat(full.scope()).isEqualTo("channel");
        }
    }

    /**
     * Issue 13 item 4: a caller rotating userIds meets the channel limit, and its refused messages leave nothing in
     * Redis (the person buckets were written before the channel was checked: one new key per refused message, a
     * way to fill Redis, whose maxmemory refuses writes, until the queue itself stops).
     */
    @Test
    void rotatingPersonIdsMeetTheChannelLimitAndTheirRefusalsWriteNoKeys() {
        String channel = channel();
        try (RateLimiter limiter = limiter(100, 5, new SimpleMeterRegistry())) {
            long allowed = IntStream.range(0, 500)
                    .filter(i -> limiter.check(channel, "rotating-" + i).allowed())
                    .count();

            assertThat(allowed).isEqualTo(5);
            assertThat(limiter.check(channel, "anyone").scope()).isEqualTo("channel");
            try (var connection = client.connect()) {
                assertThat(connection.sync().keys("artie:rate:person:" + channel + ":*"))
                        .hasSize(5);
            }
        }
    }

    @Test
    void disabledLimitsAllowEverything() {
        String channel = channel();
        try (RateLimiter limiter = new RateLimiter(
                client,
                new RateLimitSettings(false, 1, Duration.ofHours(1), 1, Duration.ofHours(1)),
                new SimpleMeterRegistry())) {
            assertThat(IntStream.range(0, 5)
                            .allMatch(i -> limiter.check(channel, "p").allowed()))
                    .isTrue();
        }
    }

    @Test
    void whileRedisIsUnreachableMessagesAreLetThrough() {
        RedisClient nowhere = RedisClient.create("redis://127.0.0.1:" + LocalRedisServer.freePort());
        try (RateLimiter limiter = new RateLimiter(
                nowhere,
                new RateLimitSettings(true, 1, Duration.ofHours(1), 1, Duration.ofHours(1)),
                new SimpleMeterRegistry())) {
            assertThat(limiter.check("x", "p").allowed()).isTrue();
            assertThat(limiter.check("x", "p").allowed()).isTrue();
        } finally {
            nowhere.shutdown();
        }
    }
}
