package dev.artie.capabilities.conversation;

import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.memory.PersonKeys;
import dev.artie.capabilities.memory.PersonalHistory;
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
 * sees the same history (the seed system kept it in memory and lost it). Key names escape the ids in them
 * ({@link PersonKeys}). Forgetting a person counts up their forget epoch; an exchange is added only if the epoch is
 * still the one seen when its message was taken up, so a message in flight while the person is forgotten adds
 * nothing back.
 */
@Singleton
public class ConversationHistory implements PersonalHistory {
    /** A conversation nobody continues for this long is forgotten (memories are kept separately). */
    static final Duration IDLE_EXPIRY = Duration.ofDays(30);
    /**
     * Append, trim and expire in one step: one round trip, and the list is never seen longer than its bound. The
     * person's index (KEYS[2]) names their conversations, so forgetting them finds exactly theirs: a key pattern
     * could not, as person ids and conversation ids may contain the ':' that separates them.
     */
    private static final String APPEND = """
            if (redis.call('GET', KEYS[3]) or '0') ~= ARGV[5] then
              return 0
            end
            redis.call('RPUSH', KEYS[1], ARGV[1], ARGV[2])
            redis.call('LTRIM', KEYS[1], ARGV[3], -1)
            redis.call('SADD', KEYS[2], KEYS[1])
            redis.call('EXPIRE', KEYS[2], ARGV[4])
            return redis.call('EXPIRE', KEYS[1], ARGV[4])
            """;
    /**
     * Deletes the person's conversations and their index at once, and counts up their epoch. KEYS[2] is the index as
     * named before ids were escaped: its conversations are not read any more, but they are the person's words.
     */
    private static final String FORGET = """
            for _, index in ipairs({KEYS[1], KEYS[2]}) do
              for _, conversation in ipairs(redis.call('SMEMBERS', index)) do
                redis.call('DEL', conversation)
              end
              redis.call('DEL', index)
            end
            redis.call('INCR', KEYS[3])
            return redis.call('EXPIRE', KEYS[3], ARGV[1])
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

    /** The person's forget epoch now: taken when their message is taken up, handed to {@link #append}. */
    public String epoch(CapabilityContext context) {
        String epoch = redis.get(epochKey(context.channel(), context.personId()));
        return epoch == null ? "0" : epoch;
    }

    /** Adds the exchange, unless the person was forgotten since {@code epoch} was read. */
    public void append(CapabilityContext context, String epoch, String said, String answered) {
        if (turns == 0) {
            return;
        }
        redis.eval(APPEND, ScriptOutputType.INTEGER, new String[]{key(context),
                        index(context.channel(), context.personId()), epochKey(context.channel(), context.personId())},
                encode(ChatMessage.user(said)), encode(ChatMessage.assistant(answered)),
                Long.toString(-2L * turns), Long.toString(IDLE_EXPIRY.toSeconds()), epoch);
    }

    @Override
    public void forget(String channel, String personId) {
        redis.eval(FORGET, ScriptOutputType.INTEGER, new String[]{index(channel, personId),
                "artie:history-index:" + channel + ":" + personId, epochKey(channel, personId)},
                Long.toString(IDLE_EXPIRY.toSeconds()));
    }

    private static String index(String channel, String personId) {
        return PersonKeys.of("artie:history-index:", channel, personId);
    }

    /** Kept as long as a history can be, so that no message in flight outlives it. */
    private static String epochKey(String channel, String personId) {
        return PersonKeys.of("artie:forget-epoch:", channel, personId);
    }

    static String key(CapabilityContext context) {
        return PersonKeys.of("artie:history:", context.channel(), context.personId(), context.conversationId());
    }

    private String encode(ChatMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
