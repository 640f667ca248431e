package dev.artie.cli.bench;

import dev.artie.catalogue.ArtieService;
import dev.artie.cli.RedisSession;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * (b) From publishing a message on {@code artie:incoming} until its reply is on the reply stream, through the real
 * capabilities service, at a fixed rate.
 */
final class PipelineLatency {
    static final String REPLY_STREAM = Streams.outgoing("bench");
    private static final Duration DRAIN = Duration.ofSeconds(10);

    /** {@code redisCommands}: what Redis served per message, the bench's own publish and reads included. */
    record Result(int sent, Latencies latencies, double sendRate, String redisCommands) {}

    private final String redisUrl;
    private final MessageCodec codec = MessageCodec.standalone();

    PipelineLatency(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    Result run(int perSecond, Duration duration) throws InterruptedException {
        int messages = (int) (perSecond * duration.toMillis() / 1000);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Latencies latencies = new Latencies(messages);
        AtomicBoolean reading = new AtomicBoolean(true);
        try (RedisSession publishing = RedisSession.open(redisUrl);
                RedisSession replies = RedisSession.open(redisUrl)) {
            String lastId = lastEntryId(replies);
            RedisCommandCount before = RedisCommandCount.of(publishing.commands());
            Thread reader = Thread.ofPlatform()
                    .name("bench-replies")
                    .start(() -> readReplies(replies, lastId, sentAt, latencies, reading));
            StreamPublisher publisher = new StreamPublisher(publishing.commands(), 100_000);
            long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                long due = start + i * interval;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                IncomingMessage message = IncomingMessage.create(
                        ArtieService.HTTP_CHAT.channel(),
                        "bench-person-" + (i % 50),
                        "bench",
                        "hello",
                        REPLY_STREAM,
                        Map.of());
                String payload = codec.encode(message);
                sentAt.put(message.id(), System.nanoTime());
                publisher.publish(Streams.INCOMING, payload);
            }
            double sendRate = messages / ((System.nanoTime() - start) / 1e9);
            long drainUntil = System.nanoTime() + DRAIN.toNanos();
            while (latencies.count() < messages && System.nanoTime() < drainUntil) {
                Thread.sleep(10);
            }
            reading.set(false);
            reader.join(2_000);
            return new Result(
                    messages,
                    latencies,
                    sendRate,
                    RedisCommandCount.of(publishing.commands()).perMessageSince(before, messages, 8));
        }
    }

    private void readReplies(
            RedisSession session, String from, Map<String, Long> sentAt, Latencies latencies, AtomicBoolean reading) {
        String lastId = from;
        while (reading.get()) {
            List<StreamMessage<String, String>> batch = session.commands()
                    .xread(
                            XReadArgs.Builder.block(Duration.ofMillis(200)).count(1000),
                            XReadArgs.StreamOffset.from(REPLY_STREAM, lastId));
            long now = System.nanoTime();
            for (StreamMessage<String, String> entry : batch) {
                lastId = entry.getId();
                String inReplyTo = codec.decodeReply(entry.getBody().get(Streams.MESSAGE_FIELD))
                        .inReplyTo();
                Long sent = sentAt.remove(inReplyTo);
                if (sent != null) {
                    latencies.add(now - sent);
                }
            }
        }
    }

    /** Replies of an earlier run (the warm-up) are not this run's. */
    private static String lastEntryId(RedisSession session) {
        List<StreamMessage<String, String>> last =
                session.commands().xrevrange(REPLY_STREAM, Range.create("-", "+"), Limit.from(1));
        return last.isEmpty() ? "0-0" : last.getFirst().getId();
    }
}
