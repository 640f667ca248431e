package dev.artie.shared.queue;

import dev.artie.shared.config.ArtieInstance;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the stream consumers of a service, stops them gracefully at shutdown, and publishes each stream's
 * depth and pending count as metrics.
 */
@Singleton
public class StreamConsumerRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(StreamConsumerRegistry.class);
    /** Where Redis does not report a group's lag (6.2), it is counted, up to this many entries. */
    static final int LAG_COUNT_LIMIT = 10_000;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final QueueSettings settings;
    private final DeadLetters deadLetters;
    private final MeterRegistry metrics;
    private final ArtieInstance instance;
    private final List<StreamConsumer> consumers = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> lengths = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> pendings = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> oldestPendingMillis = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("stream-sampling").factory());

    public StreamConsumerRegistry(
            RedisClient client,
            StatefulRedisConnection<String, String> connection,
            QueueSettings settings,
            DeadLetters deadLetters,
            MeterRegistry metrics,
            ArtieInstance instance) {
        this.client = client;
        this.connection = connection;
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.instance = instance;
    }

    /** Starts consuming {@code stream} as this instance, a member of {@code group}. */
    public StreamConsumer start(String stream, String group, StreamHandler handler) {
        StreamConsumer consumer = new StreamConsumer(
                client, connection.sync(), stream, group, instance.id(), settings, handler, deadLetters, metrics);
        consumers.add(consumer);
        String label = StreamLabel.of(stream);
        Gauge.builder("artie.stream.length", lengths.computeIfAbsent(label, k -> new AtomicLong()), AtomicLong::get)
                .tag("stream", label)
                .description("Entries in the stream")
                .register(metrics);
        Gauge.builder("artie.stream.pending", pendings.computeIfAbsent(label, k -> new AtomicLong()), AtomicLong::get)
                .tag("stream", label)
                .tag("group", group)
                .description("Entries delivered but not yet acknowledged")
                .register(metrics);
        Gauge.builder(
                        "artie.stream.oldest.pending.seconds",
                        oldestPendingMillis.computeIfAbsent(label, k -> new AtomicLong()),
                        a -> a.get() / 1000.0)
                .tag("stream", label)
                .tag("group", group)
                .description("Age of the oldest entry delivered but not yet acknowledged; 0 when none is pending")
                .register(metrics);
        Gauge.builder("artie.stream.lag", lags.computeIfAbsent(label, k -> new AtomicLong()), AtomicLong::get)
                .tag("stream", label)
                .tag("group", group)
                .description("Entries in the stream not yet delivered to the group")
                .register(metrics);
        consumer.start();
        LOG.info("consuming {} as {} in group {}", stream, instance.id(), group);
        return consumer;
    }

    /** True while every consumer reaches Redis. */
    public boolean allConnected() {
        return consumers.stream().allMatch(StreamConsumer::isConnected);
    }

    /**
     * Sampled on a timer of its own rather than with {@code @Scheduled}: Micronaut looks a scheduled bean up again
     * for every run, and while this bean stops (which takes as long as its consumers' last messages) that lookup
     * makes a new one or fails, logging an ERROR on an ordinary Ctrl-C. This timer stops first.
     */
    @PostConstruct
    void startSampling() {
        sampling.scheduleWithFixedDelay(this::sampleStreams, 1, 5, TimeUnit.SECONDS);
    }

    void sampleStreams() {
        var redis = connection.sync();
        for (StreamConsumer consumer : consumers) {
            try {
                String label = StreamLabel.of(consumer.stream());
                lengths.get(label).set(redis.xlen(consumer.stream()));
                var pending = redis.xpending(consumer.stream(), consumer.group());
                pendings.get(label).set(pending.getCount());
                oldestPendingMillis.get(label).set(oldestAgeMillis(pending, OldestPending.redisNowMillis(redis)));
                lags.get(label).set(lag(redis, consumer.stream(), consumer.group()));
            } catch (RuntimeException e) {
                LOG.debug("could not sample {}: {}", consumer.stream(), e.getMessage());
            }
        }
    }

    @PreDestroy
    void stopAll() {
        sampling.shutdownNow();
        consumers.forEach(c -> c.stop(settings.shutdownGrace()));
    }

    /**
     * Entries not yet delivered to {@code group}: XINFO GROUPS's {@code lag} (Redis 7), else counted after the group's
     * last-delivered id, up to {@link #LAG_COUNT_LIMIT}.
     */
    static long lag(RedisCommands<String, String> redis, String stream, String group) {
        String lastDelivered = null;
        for (Object info : redis.xinfoGroups(stream)) {
            Map<String, Object> fields = fields((List<?>) info);
            if (group.equals(fields.get("name"))) {
                if (fields.get("lag") instanceof Long lag) {
                    return lag;
                }
                lastDelivered = String.valueOf(fields.get("last-delivered-id"));
            }
        }
        if (lastDelivered == null) {
            return 0;
        }
        return redis.xrange(
                        stream,
                        Range.from(Range.Boundary.excluding(lastDelivered), Range.Boundary.unbounded()),
                        Limit.from(LAG_COUNT_LIMIT))
                .size();
    }

    private static Map<String, Object> fields(List<?> flat) {
        Map<String, Object> fields = new java.util.HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(String.valueOf(flat.get(i)), flat.get(i + 1));
        }
        return fields;
    }

    /** The gauge's value: the age of the oldest pending entry at {@code nowMillis}, 0 when none is pending. */
    static long oldestAgeMillis(io.lettuce.core.models.stream.PendingMessages pending, long nowMillis) {
        return OldestPending.age(pending, nowMillis).map(Duration::toMillis).orElse(0L);
    }
}
