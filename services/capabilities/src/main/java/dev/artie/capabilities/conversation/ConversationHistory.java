package dev.artie.capabilities.conversation;

import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.model.ChatMessage;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The last turns of each person's conversation, as a capped Redis list: it survives restarts and every replica
 * sees the same history (the seed system kept it in memory and lost it).
 */
@Singleton
public class ConversationHistory {
    /** A conversation nobody continues for this long is forgotten (memories are kept separately). */
    static final Duration IDLE_EXPIRY = Duration.ofDays(30);
    /** Append, trim and expire in one step: one round trip, and the list is never seen longer than its bound. */
    private static final String APPEND = """
            redis.call('RPUSH', KEYS[1], ARGV[1], ARGV[2])
            redis.call('LTRIM', KEYS[1], ARGV[3], -1)
            return redis.call('EXPIRE', KEYS[1], ARGV[4])
            """;

    private final RedisCommands<String, String> redis;
    private final ObjectMapper json;
    private final int turns;

    public ConversationHistory(StatefulRedisConnection<String, String> connection, ObjectMapper json,
                               ConversationSettings settings) {
        this.redis = connection.sync();
        this.json = json;
        this.turns = settings.historySize();
    }

    /** Oldest first: each turn is what the person said and what Artie answered. */
    public List<ChatMessage> load(CapabilityContext context) {
        if (turns == 0) {
            return List.of();
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (String entry : redis.lrange(key(context), 0, -1)) {
            try {
                messages.add(json.readValue(entry, ChatMessage.class));
            } catch (IOException e) {
                // A corrupt entry costs the model some context, never the person's reply.
            }
        }
        return messages;
    }

    public void append(CapabilityContext context, String said, String answered) {
        if (turns == 0) {
            return;
        }
        redis.eval(APPEND, ScriptOutputType.INTEGER, new String[]{key(context)},
                encode(ChatMessage.user(said)), encode(ChatMessage.assistant(answered)),
                Long.toString(-2L * turns), Long.toString(IDLE_EXPIRY.toSeconds()));
    }

    static String key(CapabilityContext context) {
        return "artie:history:" + context.channel() + ":" + context.personId() + ":"
                + (context.conversationId() == null ? "" : context.conversationId());
    }

    private String encode(ChatMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
