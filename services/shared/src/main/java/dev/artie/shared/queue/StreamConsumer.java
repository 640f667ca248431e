package dev.artie.shared.queue;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads one stream as a member of a consumer group, at least once: an entry is acknowledged only after its
 * handler returned, entries left pending by a dead consumer are reclaimed, failures are retried with
 * exponential backoff and then dead-lettered (docs/queue.md).
 */
public class StreamConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamConsumer.class);
    private static final Duration READ_BLOCK = Duration.ofSeconds(1);
    private static final int CLAIM_BATCH = 50;

    private final RedisClient client;
    private final RedisCommands<String, String> redis;
    private final String stream;
    private final String group;
    private final String consumerName;
    private final QueueSettings settings;
    private final StreamHandler handler;
    private final DeadLetters deadLetters;
    private final MeterRegistry metrics;

    private final AtomicBoolean running = new AtomicBoolean();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore slots;
    private final Duration readBlock;
    private volatile boolean connected;
    private Thread reader;

    public StreamConsumer(RedisClient client, RedisCommands<String, String> redis, String stream, String group,
                          String consumerName, QueueSettings settings, StreamHandler handler,
                          DeadLetters deadLetters, MeterRegistry metrics) {
        this.client = client;
        this.redis = redis;
        this.stream = stream;
        this.group = group;
        this.consumerName = consumerName;
        this.settings = settings;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.slots = new Semaphore(settings.concurrency());
        // The reader also renews its in-flight entries between reads, so a read must never block for as long as
        // the claim idle time, or another consumer could take over an entry this one is still working on.
        this.readBlock = READ_BLOCK.compareTo(settings.claimIdle().dividedBy(3)) < 0
                ? READ_BLOCK : settings.claimIdle().dividedBy(3);
    }

    public synchronized void start() {
        if (running.getAndSet(true)) {
            return;
        }
        reader = Thread.ofPlatform().name("consumer-" + stream).daemon(true).start(this::readLoop);
    }

    /** True while the reader last reached Redis. */
    public boolean isConnected() {
        return running.get() && connected;
    }

    public String stream() {
        return stream;
    }

    public String group() {
        return group;
    }

    /** Stops reading, lets in-flight entries finish (and be acknowledged) within {@code grace}. */
    public void stop(Duration grace) {
        if (!running.getAndSet(false)) {
            return;
        }
        try {
            if (reader != null) {
                reader.join(READ_BLOCK.multipliedBy(3).toMillis());
            }
            workers.shutdown();
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} entries of {} still in flight at shutdown; they stay pending and will be reclaimed",
                        inFlight.size(), stream);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    private void readLoop() {
        long failures = 0;
        long lastClaim = 0;
        StatefulRedisConnection<String, String> connection = null;
        while (running.get()) {
            try {
                if (connection == null || !connection.isOpen()) {
                    connection = client.connect();
                    createGroup(connection.sync());
                    connected = true;
                }
                RedisCommands<String, String> blocking = connection.sync();
                long now = System.nanoTime();
                if (now - lastClaim > settings.claimIdle().toNanos() / 3) {
                    keepInFlightClaimed(blocking);
                    reclaim(blocking);
                    lastClaim = now;
                }
                int free = Math.max(1, Math.min(slots.availablePermits(), 100));
                List<StreamMessage<String, String>> read = blocking.xreadgroup(
                        Consumer.from(group, consumerName),
                        XReadArgs.Builder.block(readBlock).count(free),
                        XReadArgs.StreamOffset.lastConsumed(stream));
                connected = true;
                failures = 0;
                for (StreamMessage<String, String> message : read) {
                    dispatch(message, 1);
                }
            } catch (RedisCommandExecutionException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
                    // Redis lost the group (restarted without persistence, or the stream was deleted).
                    LOG.warn("consumer group {} of {} is gone; creating it again", group, stream);
                    safeCreateGroup(connection);
                } else {
                    failures = backOffAfterFailure(e, failures);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures = backOffAfterFailure(e, failures);
                if (connection != null && !connection.isOpen()) {
                    connection = null;
                }
            }
        }
        if (connection != null) {
            connection.closeAsync();
        }
    }

    private long backOffAfterFailure(Exception e, long failures) {
        connected = false;
        if (!running.get()) {
            return failures;
        }
        long delay = Math.min(5_000, 100L << Math.min(failures, 6));
        LOG.warn("reading {} failed ({}); retrying in {} ms", stream, e.getMessage(), delay);
        try {
            Thread.sleep(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return failures + 1;
    }

    private void safeCreateGroup(StatefulRedisConnection<String, String> connection) {
        try {
            createGroup(connection != null ? connection.sync() : redis);
        } catch (RuntimeException e) {
            LOG.warn("could not create group {} of {}: {}", group, stream, e.getMessage());
        }
    }

    private void createGroup(RedisCommands<String, String> commands) {
        try {
            // From the start of the stream: entries published before the first consumer existed are not lost.
            commands.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), group,
                    XGroupCreateArgs.Builder.mkstream(true));
        } catch (RedisBusyException e) {
            // BUSYGROUP: it exists already.
        }
    }

    /** Resets the idle time of entries still being worked on, so that no other consumer reclaims them. */
    private void keepInFlightClaimed(RedisCommands<String, String> commands) {
        if (inFlight.isEmpty()) {
            return;
        }
        String[] ids = inFlight.toArray(String[]::new);
        commands.xclaim(stream, Consumer.from(group, consumerName), XClaimArgs.Builder.justid().minIdleTime(0), ids);
    }

    /**
     * Takes over entries another (dead) consumer left pending for longer than the claim idle time. XAUTOCLAIM runs
     * with JUSTID, whose reply has the same shape on Redis 6.2 and 7.x and still names entries deleted while pending
     * (6.2 would otherwise hand them over as nil entries, which the client drops); XCLAIM then fetches the entries
     * that still exist and counts the delivery, and the rest are acknowledged away.
     */
    private void reclaim(RedisCommands<String, String> commands) throws InterruptedException {
        Consumer<String> me = Consumer.from(group, consumerName);
        String cursor = "0-0";
        do {
            var claimed = commands.xautoclaim(stream, XAutoClaimArgs.Builder
                    .xautoclaim(me, settings.claimIdle(), cursor).count(CLAIM_BATCH).justid());
            String[] ids = claimed.getMessages().stream().map(StreamMessage::getId)
                    .filter(id -> !inFlight.contains(id)).toArray(String[]::new);
            if (ids.length > 0) {
                Set<String> gone = new java.util.HashSet<>(List.of(ids));
                for (StreamMessage<String, String> message : commands.xclaim(stream, me, 0, ids)) {
                    if (message.getBody() == null || message.getBody().isEmpty()) {
                        continue;
                    }
                    gone.remove(message.getId());
                    dispatch(message, deliveries(commands, message.getId()));
                    metrics.counter("artie.queue.reclaimed", "stream", streamLabel()).increment();
                }
                if (!gone.isEmpty()) {
                    LOG.warn("{} pending entries of {} were deleted or trimmed before anyone acknowledged them",
                            gone.size(), stream);
                    commands.xack(stream, group, gone.toArray(String[]::new));
                }
            }
            cursor = claimed.getId();
        } while (cursor != null && !"0-0".equals(cursor) && running.get());
    }

    private long deliveries(RedisCommands<String, String> commands, String id) {
        List<PendingMessage> pending = commands.xpending(stream, group, Range.create(id, id), Limit.from(1));
        return pending.isEmpty() ? 1 : pending.getFirst().getRedeliveryCount();
    }

    private void dispatch(StreamMessage<String, String> message, long deliveries) throws InterruptedException {
        slots.acquire();
        inFlight.add(message.getId());
        StreamEntry entry = new StreamEntry(stream, message.getId(), message.getBody().get(Streams.MESSAGE_FIELD),
                deliveries);
        try {
            workers.execute(() -> {
                try {
                    process(entry);
                } finally {
                    inFlight.remove(entry.id());
                    slots.release();
                }
            });
        } catch (RuntimeException rejected) {
            inFlight.remove(entry.id());
            slots.release();
            throw rejected;
        }
    }

    private void process(StreamEntry entry) {
        if (entry.deliveries() > settings.maxAttempts()) {
            // The entry was handed out this often without being acknowledged: it kills consumers.
            deadLetter(entry, "delivered " + entry.deliveries() + " times without being acknowledged",
                    (int) entry.deliveries(), "crashed");
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                handler.handle(entry);
                acknowledge(entry);
                return;
            } catch (MalformedMessageException e) {
                deadLetter(entry, "malformed: " + e.getMessage(), attempt, "malformed");
                return;
            } catch (Exception e) {
                if (attempt >= settings.maxAttempts()) {
                    deadLetter(entry, "failed after " + attempt + " attempts: " + describe(e), attempt, "failed");
                    return;
                }
                Duration delay = settings.backoff(attempt + 1, ThreadLocalRandom.current().nextDouble());
                LOG.warn("attempt {} on {} {} failed ({}); retrying in {} ms", attempt, stream, entry.id(),
                        describe(e), delay.toMillis());
                metrics.counter("artie.queue.retries", "stream", streamLabel()).increment();
                if (!sleep(delay)) {
                    return; // shutting down hard: the entry stays pending and is reclaimed later
                }
            } finally {
                MDC.clear();
            }
        }
    }

    private void deadLetter(StreamEntry entry, String reason, int attempts, String kind) {
        try {
            deadLetters.send(stream, entry.id(), reason, attempts, entry.payload());
            acknowledge(entry);
            metrics.counter("artie.dead.letters", "stream", streamLabel(), "reason", kind).increment();
            LOG.error("entry {} of {} dead-lettered: {}", entry.id(), stream, reason);
        } catch (RuntimeException e) {
            // Not acknowledged: it stays pending and comes back, so nothing is lost.
            LOG.error("could not dead-letter entry {} of {}: {}", entry.id(), stream, e.getMessage());
        }
    }

    private void acknowledge(StreamEntry entry) {
        redis.xack(stream, group, entry.id());
    }

    /** Per-instance reply streams share one label, so that metric labels stay bounded. */
    private String streamLabel() {
        int instance = stream.indexOf(':', Streams.OUTGOING_PREFIX.length());
        return stream.startsWith(Streams.OUTGOING_PREFIX) && instance > 0 ? stream.substring(0, instance) : stream;
    }

    private static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
