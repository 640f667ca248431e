package dev.artie.httpchat;

import dev.artie.shared.channel.ChannelQueue;
import dev.artie.shared.channel.DeliveryProgress;
import dev.artie.shared.conversation.PersonKeys;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.Streams;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.annotation.Context;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replies no request asked for (reminders): capabilities sends them to the channel's shared stream
 * {@code artie:outgoing:http}, which every instance reads as one group, since the instance that was asked may be long
 * gone. Each is kept in Redis for its person, {@code artie:http:notices:<person>}, for any instance to hand out once
 * ({@code GET /api/notices}, docs/http-api.md "Reminders").
 */
@Context
class Notices {
    /** A person who does not come back within this long finds their notices gone. */
    static final Duration KEPT = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger(Notices.class);
    /** Hands out every notice of the person and deletes them in one step, so two pages never both get one. */
    private static final String TAKE = """
            local notices = redis.call('HVALS', KEYS[1])
            redis.call('DEL', KEYS[1])
            return notices
            """;

    @Serdeable
    record Notice(String id, String text, String at, String conversationId) {}

    private final ChannelQueue queue;
    private final DeliveryProgress progress;
    private final StatefulRedisConnection<String, String> redis;
    private final ObjectMapper json;

    Notices(
            ChannelQueue queue,
            DeliveryProgress progress,
            StatefulRedisConnection<String, String> redis,
            ObjectMapper json) {
        this.queue = queue;
        this.progress = progress;
        this.redis = redis;
        this.json = json;
    }

    @PostConstruct
    void start() {
        queue.onReplies(Streams.outgoing(ReplyStream.CHANNEL), ReplyStream.CHANNEL, this::keep);
    }

    /** Kept once, even when the reply is delivered again after a crash (the progress of its one part says so). */
    void keep(ReplyMessage reply) throws Exception {
        String key = key(reply.personId());
        String notice =
                encode(new Notice(reply.id(), reply.text(), reply.createdAt().toString(), reply.conversationId()));
        progress.deliver(ReplyStream.CHANNEL, reply.id(), 1, part -> {
            var commands = redis.sync();
            commands.hset(key, reply.id(), notice);
            commands.expire(key, KEPT.toSeconds());
            return true;
        });
        LOG.info("notice {} kept for its person", reply.id());
    }

    /** The person's notices, oldest first; each is handed out once. */
    List<Notice> take(String personId) {
        List<String> kept = redis.sync().eval(TAKE, ScriptOutputType.MULTI, key(personId));
        List<Notice> notices = new ArrayList<>();
        for (String each : kept) {
            try {
                notices.add(json.readValue(each, Notice.class));
            } catch (IOException e) {
                throw new UncheckedIOException("a kept notice is not readable", e);
            }
        }
        notices.sort(Comparator.comparing(Notice::at));
        return notices;
    }

    private String encode(Notice notice) {
        try {
            return json.writeValueAsString(notice);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a notice", e);
        }
    }

    private static String key(String personId) {
        return PersonKeys.of("artie:http:notices:", personId);
    }
}
