package dev.artie.cli.bench;

import dev.artie.catalogue.ArtieService;
import dev.artie.cli.RedisSession;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * (f) From publishing a message that asks for partial replies (as http-chat's streamed chat and Discord do) until
 * its first partial reply is on {@code artie:deltas:<id>}, and until its reply is on the reply stream: one message
 * at a time, through the real capabilities service and a model that streams.
 */
final class FirstToken {
    static final String REPLY_STREAM = Streams.outgoing("bench-stream");
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** One blocking read: under the connection's command time-out (RedisSession, 5 s). */
    private static final Duration BLOCK = Duration.ofSeconds(2);

    record Result(Latencies firstToken, Latencies reply) {}

    private final String redisUrl;
    private final MessageCodec codec = MessageCodec.standalone();

    FirstToken(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    Result run(int messages) {
        Latencies firstToken = new Latencies(messages);
        Latencies reply = new Latencies(messages);
        try (RedisSession session = RedisSession.open(redisUrl)) {
            var redis = session.commands();
            StreamPublisher publisher = new StreamPublisher(redis, 100_000);
            String lastReply = "0-0"; // a Redis of its own: every reply on the stream is this run's
            for (int i = 0; i < messages; i++) {
                IncomingMessage message = IncomingMessage.create(
                        ArtieService.HTTP_CHAT.channel(),
                        "bench-person-" + (i % 10),
                        "bench",
                        "tell me a story",
                        REPLY_STREAM,
                        Map.of(Streams.DELTAS_METADATA, "true"));
                String payload = codec.encode(message);
                long sent = System.nanoTime();
                long deadline = sent + WAIT.toNanos();
                publisher.publish(Streams.INCOMING, payload);
                List<StreamMessage<String, String>> delta = List.of();
                while (delta.isEmpty() && System.nanoTime() < deadline) {
                    delta = redis.xread(
                            XReadArgs.Builder.block(BLOCK).count(1),
                            XReadArgs.StreamOffset.from(Streams.deltas(message.id()), "0"));
                }
                if (!delta.isEmpty()) {
                    firstToken.add(System.nanoTime() - sent);
                }
                String answered = null;
                while (answered == null && System.nanoTime() < deadline) {
                    for (StreamMessage<String, String> entry : redis.xread(
                            XReadArgs.Builder.block(BLOCK).count(10),
                            XReadArgs.StreamOffset.from(REPLY_STREAM, lastReply))) {
                        lastReply = entry.getId();
                        if (codec.decodeReply(entry.getBody().get(Streams.MESSAGE_FIELD))
                                .inReplyTo()
                                .equals(message.id())) {
                            answered = entry.getId();
                            reply.add(System.nanoTime() - sent);
                        }
                    }
                }
            }
        }
        return new Result(firstToken, reply);
    }
}
