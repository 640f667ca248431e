package dev.artie.discord;

import dev.artie.shared.queue.DeltaReader;
import dev.artie.shared.queue.RedisMarker;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a reply while the model writes it (docs/queue.md, "Partial replies"): one Discord message, posted at the first
 * text and edited as the text grows, which the reply's first part then replaces ({@link DiscordReplies}). The id of
 * that message is kept in Redis, so the reply edits it even when another instance, or this one after a restart,
 * delivers it. A preview that cannot be shown is only a preview lost: the reply still comes in full.
 */
@Singleton
class ReplyPreviews {
    /**
     * Discord lets a bot write (post or edit) 5 messages per 5 s in one channel; an edit every 1.5 s leaves room for
     * the reply's own parts and for other people's answers in the same channel.
     */
    static final Duration EDIT_EVERY = Duration.ofMillis(1500);
    /** Marks the text as still being written. */
    static final String STILL_WRITING = " …";

    private static final String KEY_PREFIX = "artie:discord:preview:";
    /** As long as a reply is worth waiting for. */
    private static final Duration KEPT = Duration.ofHours(1);
    /** How long the reply waits for a post or edit of its preview that is under way. */
    private static final Duration FINISH_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ReplyPreviews.class);

    private final DeltaReader deltas;
    /** The Discord message id of each reply's preview. */
    private final RedisMarker previewIds;

    private final Duration max;
    private final Duration every;
    private final Map<String, Follower> showing = new ConcurrentHashMap<>();

    @Inject
    ReplyPreviews(DeltaReader deltas, StatefulRedisConnection<String, String> redis, DiscordSettings settings) {
        this(deltas, redis, settings.typingMax(), EDIT_EVERY);
    }

    ReplyPreviews(DeltaReader deltas, StatefulRedisConnection<String, String> redis, Duration max, Duration every) {
        this.deltas = deltas;
        this.previewIds = new RedisMarker(redis.sync(), KEY_PREFIX, KEPT);
        this.max = max;
        this.every = every;
    }

    /**
     * Follows the partial replies of message {@code incomingId} until {@link #finish} (or {@code max}, for a reply
     * that never comes), showing them in {@code channel} as an answer to {@code replyToMessageId}.
     */
    void follow(String incomingId, MessageChannel channel, String replyToMessageId) {
        Follower follower = new Follower(incomingId, channel, replyToMessageId);
        showing.put(incomingId, follower);
        follower.thread.start();
    }

    /**
     * The reply to {@code incomingId} is here: stops following it, after a post or edit under way (never in its
     * middle, or the preview's id could be lost and the reply posted beside it), so that nothing changes the preview
     * after the reply did. Returns the preview's Discord message id, if one was posted.
     */
    Optional<String> finish(String incomingId) throws InterruptedException {
        Follower follower = showing.remove(incomingId);
        if (follower != null) {
            follower.stop();
        }
        return previewIds.read(incomingId);
    }

    /** The message was not queued after all: no reply will come to end the following. */
    void cancel(String incomingId) {
        Follower follower = showing.remove(incomingId);
        if (follower != null) {
            follower.thread.interrupt();
        }
    }

    private final class Follower {
        private final ReentrantLock writing = new ReentrantLock();
        private final Thread thread;
        private volatile boolean finished;

        Follower(String incomingId, MessageChannel channel, String replyToMessageId) {
            thread = Thread.ofVirtual().name("discord-preview-" + incomingId).unstarted(() -> {
                try {
                    show(incomingId, channel, replyToMessageId);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    showing.remove(incomingId, this);
                }
            });
        }

        void stop() throws InterruptedException {
            finished = true;
            if (writing.tryLock(FINISH_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                writing.unlock();
            }
            thread.interrupt();
        }

        private void show(String incomingId, MessageChannel channel, String replyToMessageId)
                throws InterruptedException {
            long until = System.nanoTime() + max.toNanos();
            String seenEntry = null;
            String previewId = null;
            while (System.nanoTime() - until < 0) {
                Thread.sleep(every);
                writing.lock();
                try {
                    if (finished) {
                        return;
                    }
                    Optional<DeltaReader.Delta> delta = deltas.newest(incomingId, seenEntry);
                    if (delta.isEmpty()) {
                        continue;
                    }
                    seenEntry = delta.get().entryId();
                    previewId = write(
                            incomingId,
                            channel,
                            replyToMessageId,
                            previewId,
                            preview(delta.get().text()));
                } finally {
                    writing.unlock();
                }
            }
        }
    }

    /** Posts the preview, or edits the one posted; returns its message id (null while none could be posted). */
    private String write(
            String incomingId, MessageChannel channel, String replyToMessageId, String previewId, String text) {
        try {
            if (previewId == null) {
                String posted = DiscordReplies.message(channel, text, replyToMessageId)
                        .complete()
                        .getId();
                previewIds.put(incomingId, posted);
                return posted;
            }
            DiscordReplies.edit(channel, previewId, text).complete();
        } catch (RuntimeException e) {
            LOG.debug("preview of {} not shown: {}", incomingId, e.toString());
        }
        return previewId;
    }

    /** What fits in one Discord message of the text so far, marked as unfinished; "…" alone after a reset. */
    static String preview(String soFar) {
        int room = DiscordReplies.DISCORD_LIMIT - STILL_WRITING.length();
        String shown = soFar.length() > room ? soFar.substring(0, room) : soFar;
        return (shown + STILL_WRITING).strip();
    }

    @PreDestroy
    void close() {
        showing.values().forEach(follower -> follower.thread.interrupt());
    }
}
