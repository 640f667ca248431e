package dev.artie.shared.ratelimit;

import dev.artie.shared.queue.LazyRedisConnection;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits per person and per channel, shared by every replica of every channel through token buckets in Redis
 * (bucket4j, compare-and-swap on keys {@code artie:rate:person:<channel>:<person>} and
 * {@code artie:rate:channel:<channel>}). A message finds the channel full before anything else (no person's key is
 * written then); otherwise the person's own bucket is taken from first, so one person's flood is refused at their
 * own limit and never drains the channel's allowance for everyone else. Refusals are counted in
 * {@code artie.rate.limited{channel}}.
 *
 * <p>While Redis cannot be reached the limiter lets messages through (it says so in the log, at most twice a
 * minute): the queue is in the same Redis, so the channel refuses them anyway, with its own clearer error.
 */
@Singleton
public class RateLimiter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

    private final RateLimitSettings settings;
    private final MeterRegistry metrics;
    private final BucketConfiguration personLimit;
    private final BucketConfiguration channelLimit;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    /** Connects on first use, so a service starts (and reports not ready) while Redis is still away. */
    private final StatefulRedisConnection<String, byte[]> connection;

    private final ProxyManager<String> buckets;

    public RateLimiter(RedisClient client, RateLimitSettings settings, MeterRegistry metrics) {
        this.connection = LazyRedisConnection.of(client, RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        this.settings = settings;
        this.metrics = metrics;
        this.personLimit = limit(settings.perPerson(), settings.personPeriod());
        this.channelLimit = limit(settings.perChannel(), settings.channelPeriod());
    }

    private static BucketConfiguration limit(long allowance, Duration period) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(allowance).refillGreedy(allowance, period))
                .build();
    }

    /**
     * Takes one message's worth from {@code personId}'s bucket on {@code channel} and then from the channel's;
     * a refused message takes nothing from the channel.
     */
    public RateLimitDecision check(String channel, String personId) {
        if (!settings.enabled()) {
            return RateLimitDecision.ALLOWED;
        }
        try {
            BucketProxy channelBucket = buckets.builder().build("artie:rate:channel:" + channel, () -> channelLimit);
            // An empty channel is refused before any person's bucket is touched: each new personId is a new key in
            // Redis, and a caller rotating ids would otherwise write one per refused message, filling Redis
            // (maxmemory with noeviction, docs/queue.md) until it refuses the queue's writes too.
            EstimationProbe room = channelBucket.estimateAbilityToConsume(1);
            if (!room.canBeConsumed()) {
                return refused(channel, "channel", room.getNanosToWaitForRefill());
            }
            ConsumptionProbe person = buckets.builder()
                    .build("artie:rate:person:" + channel + ":" + personId, () -> personLimit)
                    .tryConsumeAndReturnRemaining(1);
            if (!person.isConsumed()) {
                return refused(channel, "person", person.getNanosToWaitForRefill());
            }
            ConsumptionProbe whole = channelBucket.tryConsumeAndReturnRemaining(1);
            if (!whole.isConsumed()) {
                return refused(channel, "channel", whole.getNanosToWaitForRefill());
            }
            return RateLimitDecision.ALLOWED;
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            long last = lastWarning.get();
            if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
                // The exception's class and message only: a Redis URL with its password is never part of them.
                LOG.warn(
                        "rate limits not checked (Redis unreachable: {}); letting messages through",
                        e.getClass().getSimpleName());
            }
            return RateLimitDecision.ALLOWED;
        }
    }

    private RateLimitDecision refused(String channel, String scope, long nanosToWait) {
        metrics.counter("artie.rate.limited", "channel", channel).increment();
        RateLimitDecision decision = RateLimitDecision.refused(scope, nanosToWait);
        LOG.debug("rate limited on {} ({} limit), retry after {} s", channel, scope, decision.retryAfterSeconds());
        return decision;
    }

    @Override
    @PreDestroy
    public void close() {
        connection.close();
    }
}
