package dev.artie.shared.channel;

import dev.artie.shared.queue.RedisMarker;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.RetryLaterException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the parts of a reply once: one consumer at a time holds the reply's delivery (a lease taken with
 * {@code SET NX}, so checking and taking are one step), and how many parts the provider already accepted is recorded
 * after each one. A retry, or a consumer that took over after a crash, resumes after the last part accepted, so
 * nobody gets part one twice; two consumers holding the same reply (one of them stalled past the claim idle time)
 * cannot both send. Kept in Redis, so it survives a restart of the channel between two parts.
 *
 * <p>What stays possible: the provider accepted a part and the consumer died before recording it; the part is sent
 * again once the lease has run out (docs/queue.md, "Delivery by channels").
 */
@Singleton
public class DeliveryProgress {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryProgress.class);
    /** Longer than any retry or reclaim of the reply can take. */
    private static final Duration KEPT = Duration.ofDays(1);
    /** How long one part may take before another consumer may take the reply over (its holder died). */
    static final Duration LEASE = Duration.ofMinutes(2);

    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    /** Sends part {@code index} (0, 1, ...); false stops the delivery there, as finished (the person opted out). */
    @FunctionalInterface
    public interface PartSender {
        boolean send(int index) throws Exception;
    }

    /**
     * Sends part {@code index} (0, 1, ...) of a reply, whose text is {@code text}; returns the id the provider gave the
     * message, or empty to stop the delivery there, as finished (the person opted out).
     */
    @FunctionalInterface
    public interface TextSender {
        Optional<String> send(int index, String text) throws Exception;
    }

    private final StatefulRedisConnection<String, String> redis;

    public DeliveryProgress(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
    }

    /**
     * Sends the parts {@code 0 .. parts - 1} of reply {@code replyId} that were not sent yet, in order.
     *
     * @throws RetryLaterException while another consumer delivers the same reply
     */
    public void deliver(String channel, String replyId, int parts, PartSender sender) throws Exception {
        RedisMarker leases = leases(channel);
        String lease = leases.key(replyId);
        String holder = UUID.randomUUID().toString();
        if (!leases.claim(replyId, holder)) {
            throw new RetryLaterException("reply " + replyId + " is being delivered by another consumer", null, null);
        }
        RedisMarker sent = sent(channel);
        try {
            for (int i = partsSent(channel, replyId); i < parts; i++) {
                if (!sender.send(i)) {
                    return;
                }
                sent.put(replyId, Integer.toString(i + 1));
                redis.sync()
                        .eval(
                                RENEW,
                                ScriptOutputType.INTEGER,
                                new String[] {lease},
                                holder,
                                Long.toString(LEASE.toMillis()));
            }
        } finally {
            redis.sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {lease}, holder);
        }
    }

    /** Cuts {@code reply}'s text into {@code parts} and {@linkplain #deliver delivers} those not sent yet. */
    public void deliver(String channel, ReplyMessage reply, ReplyParts parts, TextSender sender) throws Exception {
        List<String> texts = parts.split(reply.text());
        deliver(channel, reply.id(), texts.size(), i -> {
            Optional<String> sent = sender.send(i, texts.get(i));
            sent.ifPresent(id -> LOG.info("reply {} part {}/{} sent as {}", reply.id(), i + 1, texts.size(), id));
            return sent.isPresent();
        });
    }

    public int partsSent(String channel, String replyId) {
        return sent(channel).read(replyId).map(Integer::parseInt).orElse(0);
    }

    /** How many parts of each reply on {@code channel} the provider accepted. */
    private RedisMarker sent(String channel) {
        return new RedisMarker(redis.sync(), "artie:" + channel + ":sent:", KEPT);
    }

    /** Who holds each reply's delivery on {@code channel}: the holder's random id. */
    private RedisMarker leases(String channel) {
        return new RedisMarker(redis.sync(), "artie:" + channel + ":sending:", LEASE);
    }
}
