package dev.artie.shared.queue;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The dead-letter stream: where messages go that could not be processed, to be looked at and replayed. */
public class DeadLetters {
    private final RedisCommands<String, String> redis;
    private final StreamPublisher publisher;

    public DeadLetters(RedisCommands<String, String> redis, StreamPublisher publisher) {
        this.redis = redis;
        this.publisher = publisher;
    }

    public String send(String stream, String entryId, String reason, int attempts, String payload) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("stream", stream);
        fields.put("entryId", entryId);
        fields.put("reason", reason);
        fields.put("attempts", Integer.toString(attempts));
        fields.put("failedAt", Instant.now().toString());
        fields.put(Streams.MESSAGE_FIELD, payload == null ? "" : payload);
        return publisher.publishFields(Streams.DEAD_LETTER, fields);
    }

    /** The newest {@code count} dead letters, newest first. */
    public List<DeadLetter> list(int count) {
        return redis.xrevrange(Streams.DEAD_LETTER, Range.create("-", "+"), io.lettuce.core.Limit.from(count)).stream()
                .map(m -> DeadLetter.fromFields(m.getId(), m.getBody()))
                .toList();
    }

    public Optional<DeadLetter> get(String id) {
        List<StreamMessage<String, String>> found = redis.xrange(Streams.DEAD_LETTER, Range.create(id, id));
        return found.stream().findFirst().map(m -> DeadLetter.fromFields(m.getId(), m.getBody()));
    }

    public long count() {
        return redis.xlen(Streams.DEAD_LETTER);
    }

    /** Removes a dead letter for good; the stream keeps every one until a person does this or replays it. */
    public boolean delete(String id) {
        return redis.xdel(Streams.DEAD_LETTER, id) > 0;
    }

    /**
     * Puts the original payload back on the stream it came from and removes the dead letter.
     *
     * @return the new entry id on the original stream
     */
    public String replay(String id) {
        DeadLetter letter = get(id).orElseThrow(() -> new IllegalArgumentException("no dead letter " + id));
        if (letter.stream() == null
                || letter.message() == null
                || letter.message().isEmpty()) {
            throw new IllegalArgumentException("dead letter " + id + " has no stream or message to replay");
        }
        String entry = publisher.publish(letter.stream(), letter.message());
        redis.xdel(Streams.DEAD_LETTER, id);
        return entry;
    }
}
