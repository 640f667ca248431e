package dev.artie.shared.queue;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads one stream as a member of a consumer group, at least once: an entry is acknowledged only after its
 * handler returned, entries left pending by a dead consumer are reclaimed, failures are retried with
 * exponential backoff and then dead-lettered (docs/queue.md).
 *
 * <p>An entry is read only when a slot is free to work on it, and a timer of its own keeps every entry in hand
 * claimed, however busy the reader or the workers are, and through the stop grace: no other consumer takes over an
 * entry that is still being worked on. Runs are counted in Redis ({@link EntryRuns}), so a reclaim does not reset
 * the attempts. A stop takes back the runs under way, so being shut down (a rollout, a pod deleted, even by force)
 * never counts as a crash; an entry that was in flight at two crashes of its consumers runs alone afterwards, so
 * that a crash it causes again is its own and not its neighbours'. Entries the handler gives the same order key run one at a time
 * in stream order, across every consumer of the group ({@link EntryOrder}).
 */
public class StreamConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamConsumer.class);
    private static final Duration READ_BLOCK = Duration.ofSeconds(1);
    private static final int CLAIM_BATCH = 50;
    private static final int READ_BATCH = 100;
    /** After the grace ran out and the workers were interrupted: time for them to leave their entries pending. */
    private static final Duration INTERRUPTED_WORKERS_WAIT = Duration.ofSeconds(2);
    /**
     * Crashes an entry must have been in flight at before its runs happen alone. Not one: a node lost with 32
     * entries in flight would then have them run one by one, all traffic waiting behind them, when none of them is
     * to blame. A poison entry costs a second crash of its consumer instead, and is then isolated.
     */
    static final int SUSPECT_AFTER_CRASHES = 2;
    /** KEYS[1] the stream, KEYS[2] the order keys' hash; ARGV[1] the group, ARGV[2] the run counts' prefix, then ids. */
    private static final String ACKNOWLEDGE = """
            redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 3))
            for i = 3, #ARGV do
              redis.call('DEL', ARGV[2] .. ARGV[i])
            end
            return redis.call('HDEL', KEYS[2], unpack(ARGV, 3))
            """;

    private final RedisClient client;
    private final RedisCommands<String, String> redis;
    private final String stream;
    /** The {@code stream} tag of its counters. */
    private final String streamLabel;

    private final String group;
    private final String consumerName;
    private final QueueSettings settings;
    private final QueueSettings.RetryPolicy retries;
    private final Backoff readerBackoff = Backoff.jittered(Duration.ofMillis(100), Duration.ofSeconds(5));
    private final StreamHandler handler;
    private final DeadLetters deadLetters;
    private final EntryRuns runs;
    private final EntryOrder order;
    private final MeterRegistry metrics;

    private final AtomicBoolean running = new AtomicBoolean();
    /** Entries in hand, each with a latch released when it leaves: a later entry of its key waits on it here. */
    private final Map<String, CountDownLatch> inFlight = new ConcurrentHashMap<>();
    /** Entries whose run is counted as started and not yet as ended or taken back; whoever removes one counts it. */
    private final Set<String> runsUnderway = ConcurrentHashMap.newKeySet();

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore slots;
    /** Ordinary runs share it; a run of a suspect ({@link #SUSPECT_AFTER_CRASHES}) holds it alone. */
    private final ReadWriteLock isolation = new ReentrantReadWriteLock(true);

    private final Duration readBlock;
    private final Duration renewEvery;
    private volatile boolean connected;
    private Thread reader;
    private ScheduledExecutorService renewer;

    public StreamConsumer(
            RedisClient client,
            RedisCommands<String, String> redis,
            String stream,
            String group,
            String consumerName,
            QueueSettings settings,
            StreamHandler handler,
            DeadLetters deadLetters,
            MeterRegistry metrics) {
        this.client = client;
        this.redis = redis;
        this.stream = stream;
        this.streamLabel = StreamLabel.of(stream);
        this.group = group;
        this.consumerName = consumerName;
        this.settings = settings;
        this.retries = settings.retriesFor(stream);
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.runs = new EntryRuns(redis, stream, group);
        this.order = new EntryOrder(redis, stream, group, handler.orderFields());
        this.metrics = metrics;
        this.slots = new Semaphore(settings.concurrency());
        this.renewEvery = settings.claimIdle().dividedBy(3);
        this.readBlock = READ_BLOCK.compareTo(renewEvery) < 0 ? READ_BLOCK : renewEvery;
    }

    public synchronized void start() {
        if (running.getAndSet(true)) {
            return;
        }
        renewer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("renew-" + stream).daemon(true).factory());
        renewer.scheduleWithFixedDelay(
                this::renewInFlight, renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
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

    /**
     * Stops reading, lets in-flight entries finish (and be acknowledged) within {@code grace}, keeping them claimed
     * meanwhile; what is still running then is interrupted and stays pending, to be reclaimed.
     */
    public void stop(Duration grace) {
        if (!running.getAndSet(false)) {
            return;
        }
        takeBackRunsUnderway();
        try {
            if (reader != null) {
                reader.join(READ_BLOCK.multipliedBy(3).toMillis());
            }
            workers.shutdown();
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "{} entries of {} still in flight at shutdown; they stay pending and will be reclaimed",
                        inFlight.size(),
                        stream);
                workers.shutdownNow();
                workers.awaitTermination(INTERRUPTED_WORKERS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (renewer != null) {
                renewer.shutdownNow();
            }
        }
    }

    @Override
    public void close() {
        stop(settings.shutdownGrace());
    }

    private void readLoop() {
        int failures = 0;
        long lastClaim = 0;
        boolean groupCreated = false;
        // A connection of its own, which XREADGROUP blocks; connected on first use and then reconnected by Lettuce.
        StatefulRedisConnection<String, String> connection = LazyRedisConnection.of(client);
        RedisCommands<String, String> blocking = connection.sync();
        while (running.get()) {
            try {
                if (!groupCreated) {
                    createGroup(blocking);
                    groupCreated = true;
                    connected = true;
                }
                long now = System.nanoTime();
                if (now - lastClaim > renewEvery.toNanos()) {
                    reclaim(blocking);
                    lastClaim = now;
                }
                read(blocking);
                connected = true;
                failures = 0;
            } catch (RedisCommandExecutionException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
                    // Redis lost the group (restarted without persistence, or the stream was deleted).
                    LOG.warn("consumer group {} of {} is gone; creating it again", group, stream);
                    safeCreateGroup(blocking);
                } else {
                    failures = backOffAfterFailure(e, failures);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures = backOffAfterFailure(e, failures);
                if (groupCreated && !connection.isOpen()) {
                    // Lost: a new one is tried on the reader's back-off (at most 5 s), not Lettuce's (up to 30 s).
                    connection.closeAsync();
                    connection = LazyRedisConnection.of(client);
                    blocking = connection.sync();
                    groupCreated = false;
                }
            }
        }
        connection.closeAsync();
    }

    /** Reads as many new entries as there are free slots, waiting a little for one when none is. */
    private void read(RedisCommands<String, String> commands) throws InterruptedException {
        if (!slots.tryAcquire(readBlock.toMillis(), TimeUnit.MILLISECONDS)) {
            return; // every slot busy: nothing is read that could not be worked on at once
        }
        int held = 1 + takeFreeSlots(READ_BATCH - 1);
        try {
            List<StreamMessage<String, String>> read = commands.xreadgroup(
                    Consumer.from(group, consumerName),
                    XReadArgs.Builder.block(readBlock).count(held),
                    XReadArgs.StreamOffset.lastConsumed(stream));
            for (StreamMessage<String, String> message : read) {
                held--;
                dispatch(message, 1);
            }
        } finally {
            slots.release(held);
        }
    }

    private int takeFreeSlots(int atMost) {
        int taken = 0;
        while (taken < atMost && slots.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    private int backOffAfterFailure(Exception e, int failures) {
        connected = false;
        if (!running.get()) {
            return failures;
        }
        Duration delay = readerBackoff.delay(failures + 1);
        LOG.warn("reading {} failed ({}); retrying in {} ms", stream, e.getMessage(), delay.toMillis());
        sleep(delay);
        return failures + 1;
    }

    private void safeCreateGroup(RedisCommands<String, String> commands) {
        try {
            createGroup(commands);
        } catch (RuntimeException e) {
            LOG.warn("could not create group {} of {}: {}", group, stream, e.getMessage());
        }
    }

    private void createGroup(RedisCommands<String, String> commands) {
        try {
            // From the start of the stream: entries published before the first consumer existed are not lost.
            commands.xgroupCreate(
                    XReadArgs.StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream(true));
        } catch (RedisBusyException e) {
            // BUSYGROUP: it exists already.
        }
    }

    /** The renewal timer: resets the idle time of entries still being worked on, so that no other consumer reclaims them. */
    private void renewInFlight() {
        if (inFlight.isEmpty()) {
            return;
        }
        try {
            String[] ids = inFlight.keySet().toArray(String[]::new);
            // JUSTID: the idle time is reset without counting a delivery.
            redis.xclaim(
                    stream,
                    Consumer.from(group, consumerName),
                    XClaimArgs.Builder.justid().minIdleTime(0),
                    ids);
        } catch (RuntimeException e) {
            LOG.warn("could not renew {} entries of {} in hand: {}", inFlight.size(), stream, e.getMessage());
        }
    }

    /**
     * Takes over entries another (dead) consumer left pending for longer than the claim idle time, as many as there
     * are free slots. XAUTOCLAIM runs with JUSTID, whose reply has the same shape on Redis 6.2 and 7.x and still
     * names entries deleted while pending (6.2 would otherwise hand them over as nil entries, which the client
     * drops); XCLAIM then fetches the entries that still exist and counts the delivery, and the rest are
     * acknowledged away.
     */
    private void reclaim(RedisCommands<String, String> commands) throws InterruptedException {
        int held = takeFreeSlots(CLAIM_BATCH);
        try {
            Consumer<String> me = Consumer.from(group, consumerName);
            String cursor = "0-0";
            while (held > 0 && running.get()) {
                var claimed = commands.xautoclaim(
                        stream,
                        XAutoClaimArgs.Builder.xautoclaim(me, settings.claimIdle(), cursor)
                                .count(held)
                                .justid());
                String[] ids = claimed.getMessages().stream()
                        .map(StreamMessage::getId)
                        .filter(id -> !inFlight.containsKey(id))
                        .toArray(String[]::new);
                if (ids.length > 0) {
                    Set<String> gone = new java.util.HashSet<>(List.of(ids));
                    for (StreamMessage<String, String> message : commands.xclaim(stream, me, 0, ids)) {
                        if (message.getBody() == null || message.getBody().isEmpty()) {
                            continue;
                        }
                        gone.remove(message.getId());
                        held--;
                        dispatch(message, deliveries(commands, message.getId()));
                        metrics.counter("artie.queue.reclaimed", "stream", streamLabel)
                                .increment();
                    }
                    if (!gone.isEmpty()) {
                        LOG.warn(
                                "{} pending entries of {} were deleted before anyone acknowledged them",
                                gone.size(),
                                stream);
                        acknowledge(commands, gone.toArray(String[]::new));
                    }
                }
                cursor = claimed.getId();
                if (cursor == null || "0-0".equals(cursor)) {
                    break;
                }
            }
        } finally {
            slots.release(held);
        }
    }

    private long deliveries(RedisCommands<String, String> commands, String id) {
        List<PendingMessage> pending = commands.xpending(stream, group, Range.create(id, id), Limit.from(1));
        return pending.isEmpty() ? 1 : pending.getFirst().getRedeliveryCount();
    }

    /** Hands an entry to a worker; the caller holds a slot for it, which the worker gives back. */
    private void dispatch(StreamMessage<String, String> message, long deliveries) {
        inFlight.put(message.getId(), new CountDownLatch(1));
        StreamEntry entry =
                new StreamEntry(stream, message.getId(), message.getBody().get(Streams.MESSAGE_FIELD), deliveries);
        try {
            workers.execute(() -> {
                try {
                    process(entry);
                } finally {
                    leave(entry.id());
                    slots.release();
                }
            });
        } catch (RuntimeException rejected) {
            leave(entry.id());
            slots.release();
            throw rejected;
        }
    }

    private void leave(String entryId) {
        CountDownLatch left = inFlight.remove(entryId);
        if (left != null) {
            left.countDown();
        }
    }

    private void process(StreamEntry entry) {
        try {
            if (handler.alreadyDone(entry)) {
                LOG.info("entry {} of {} was already handled; acknowledging it", entry.id(), stream);
                acknowledge(entry);
                return;
            }
            if (!awaitTurn(entry)) {
                return;
            }
            EntryRuns.Runs before = runs.load(entry.id());
            if (before.started() >= retries.maxAttempts()) {
                giveUp(entry, before);
                return;
            }
            // In flight at every crash lately: it may be what killed them, so it runs alone.
            boolean suspect = before.crashes() >= SUSPECT_AFTER_CRASHES;
            for (long run = before.started() + 1; ; run++) {
                Exception failure = runOnce(entry, suspect);
                if (failure == null) {
                    acknowledge(entry);
                    return;
                }
                if (!retry(entry, run, failure)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // Stopped while waiting for its turn: nothing ran, the entry stays pending.
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Redis failed around the handler (counting, acknowledging): the entry stays pending and comes back.
            LOG.warn("entry {} of {} left pending: {}", entry.id(), stream, describe(e));
        } finally {
            MDC.clear();
        }
    }

    /**
     * Waits, holding the entry claimed, while an older entry with the same order key is pending; waiting is not a
     * run. An older entry this consumer holds is waited for here until it leaves, without asking Redis again; one
     * another consumer holds is looked at again every {@link EntryOrder#RECHECK}. False when that older entry has
     * gone unrenewed for twice the claim idle time (its holder died and no consumer had a free slot to reclaim it,
     * perhaps because waiters fill them) or the consumer stops: the entry is left pending, unrenewed, and comes back
     * by reclaim.
     */
    private boolean awaitTurn(StreamEntry entry) {
        if (!order.applies()) {
            return true;
        }
        Duration abandoned = settings.claimIdle().multipliedBy(2);
        for (EntryOrder.Older older = order.olderPending(entry); older != null; older = order.olderPending(entry)) {
            if (older.idle().compareTo(abandoned) > 0) {
                LOG.info(
                        "entry {} of {} waits for {}, unrenewed for {} ms; it steps aside and comes back",
                        entry.id(),
                        stream,
                        older.id(),
                        older.idle().toMillis());
                return false;
            }
            CountDownLatch held = consumerName.equals(older.consumer()) ? inFlight.get(older.id()) : null;
            if (!(held != null ? awaitLeaving(held) : sleep(EntryOrder.RECHECK))) {
                return false;
            }
        }
        return true;
    }

    /** Until the entry leaves this consumer, or a claim idle time at most; false when interrupted (a stop). */
    private boolean awaitLeaving(CountDownLatch left) {
        try {
            left.await(settings.claimIdle().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the handler once, counted in Redis; returns what it threw, or null when it returned. */
    private Exception runOnce(StreamEntry entry, boolean alone) throws InterruptedException {
        Lock lock = alone ? isolation.writeLock() : isolation.readLock();
        lock.lockInterruptibly();
        try {
            runsUnderway.add(entry.id()); // before the count: a stop meanwhile takes it back (below or in stop)
            runs.start(entry.id());
            Exception failure = null;
            try {
                handler.handle(entry);
            } catch (Exception e) {
                failure = e;
            }
            if (runsUnderway.remove(entry.id()) && failure != null) {
                if (interrupted(failure)) {
                    takeBack(entry.id()); // stopped by a shutdown: it neither crashed nor failed
                } else {
                    runs.end(entry.id());
                }
            }
            // A run that returned is not counted as ended: it is acknowledged next, which removes its counts, one
            // round trip a message fewer. Should the consumer die in between, the run counts as a crash, which
            // isolates nothing before a second one and meets a reply already published.
            return failure;
        } finally {
            lock.unlock();
        }
    }

    /** After a failed run: dead-letters, leaves pending, or waits for the next attempt (then true). */
    private boolean retry(StreamEntry entry, long run, Exception failure) {
        if (failure instanceof MalformedMessageException) {
            deadLetter(entry, "malformed: " + failure.getMessage(), run, "malformed");
            return false;
        }
        if (failure instanceof PermanentFailureException) {
            deadLetter(entry, "refused: " + failure.getMessage(), run, "refused");
            return false;
        }
        if (interrupted(failure)) {
            leavePending(entry);
            return false;
        }
        if (run >= retries.maxAttempts()) {
            deadLetter(entry, "failed after " + run + " attempts: " + describe(failure), run, "failed");
            return false;
        }
        Duration delay = retries.backoff()
                .delay((int) run, failure instanceof RetryLaterException later ? later.retryAfter() : null);
        LOG.warn(
                "attempt {} on {} {} failed ({}); retrying in {} ms",
                run,
                stream,
                entry.id(),
                describe(failure),
                delay.toMillis());
        metrics.counter("artie.queue.retries", "stream", streamLabel).increment();
        return sleep(delay); // false: shutting down hard, the entry stays pending and is reclaimed later
    }

    /** The handler was interrupted (the service stops): its run was taken back, nothing is acknowledged. */
    private void leavePending(StreamEntry entry) {
        LOG.info("work on entry {} of {} was interrupted; it stays pending", entry.id(), stream);
    }

    /**
     * At the start of a stop: the runs under way will end by the grace or be cut short by it, or by a kill that
     * follows (Kubernetes sends SIGKILL after the pod's grace, two seconds when deleted by force). None of that is
     * the entry's doing, so none may count as a crash. A run that still completes is acknowledged as usual.
     */
    private void takeBackRunsUnderway() {
        for (String id : runsUnderway) {
            if (runsUnderway.remove(id)) {
                takeBack(id);
            }
        }
    }

    private void takeBack(String entryId) {
        boolean interrupted = Thread.interrupted(); // Redis commands refuse to run on an interrupted thread
        try {
            runs.forget(entryId);
        } catch (RuntimeException e) {
            LOG.debug("could not take back the run of {}: {}", entryId, e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void giveUp(StreamEntry entry, EntryRuns.Runs before) {
        if (before.crashes() > 0) {
            deadLetter(
                    entry,
                    "ran " + before.started() + " times; " + before.crashes()
                            + " of them ended with the consumer dying",
                    before.started(),
                    "crashed");
        } else {
            deadLetter(entry, "failed after " + before.started() + " attempts", before.started(), "failed");
        }
    }

    private static boolean interrupted(Throwable failure) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof WorkInterruptedException
                    || t instanceof InterruptedException
                    || t instanceof RedisCommandInterruptedException) {
                return true;
            }
        }
        return false;
    }

    private void deadLetter(StreamEntry entry, String reason, long attempts, String kind) {
        try {
            deadLetters.send(stream, entry.id(), reason, (int) attempts, entry.payload());
            acknowledge(entry);
            metrics.counter("artie.dead.letters", "stream", streamLabel, "reason", kind)
                    .increment();
            LOG.error("entry {} of {} dead-lettered: {}", entry.id(), stream, reason);
        } catch (RuntimeException e) {
            // Not acknowledged: it stays pending and comes back, so nothing is lost.
            LOG.error("could not dead-letter entry {} of {}: {}", entry.id(), stream, e.getMessage());
        }
    }

    private void acknowledge(StreamEntry entry) {
        acknowledge(redis, entry.id());
    }

    /** Acknowledges the entries and removes what was kept for them (run counts, order keys), in one round trip. */
    private void acknowledge(RedisCommands<String, String> commands, String... entryIds) {
        List<String> arguments = new ArrayList<>(2 + entryIds.length);
        arguments.add(group);
        arguments.add(runs.keyPrefix());
        arguments.addAll(List.of(entryIds));
        commands.eval(
                ACKNOWLEDGE,
                ScriptOutputType.INTEGER,
                new String[] {stream, order.keysHash()},
                arguments.toArray(String[]::new));
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
