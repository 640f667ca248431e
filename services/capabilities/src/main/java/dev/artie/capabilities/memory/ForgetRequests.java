package dev.artie.capabilities.memory;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;

/**
 * Erasing a person's memories waits for their unmistakable YES: asking to be forgotten (in plain words or through the
 * model's tool) only records the request, in Redis so that whichever replica gets the YES sees it, for
 * {@link #CONFIRM_WITHIN}. Any other answer withdraws it; someone else's YES is theirs, not this person's.
 */
@Singleton
public class ForgetRequests {
    public static final Duration CONFIRM_WITHIN = Duration.ofMinutes(5);
    private static final String PREFIX = "artie:forget-request:";

    private final RedisCommands<String, String> redis;

    public ForgetRequests(StatefulRedisConnection<String, String> connection) {
        this.redis = connection.sync();
    }

    /** Records that the person asked to be forgotten; a YES within {@link #CONFIRM_WITHIN} confirms it. */
    public void ask(String channel, String personId) {
        redis.set(key(channel, personId), "asked", SetArgs.Builder.ex(CONFIRM_WITHIN));
    }

    /**
     * Whether this message confirms the person's request: it says YES and the request is still open. Taken at most
     * once (GETDEL), so a YES delivered twice erases once; any other message withdraws the request.
     */
    public boolean confirmedBy(String channel, String personId, String text) {
        String key = key(channel, personId);
        if (isYes(text)) {
            return redis.getdel(key) != null;
        }
        redis.del(key);
        return false;
    }

    static boolean isYes(String text) {
        String said = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        while (!said.isEmpty() && ".!".indexOf(said.charAt(said.length() - 1)) >= 0) {
            said = said.substring(0, said.length() - 1).strip();
        }
        return said.equals("yes");
    }

    static String key(String channel, String personId) {
        return PersonKeys.of(PREFIX, channel, personId);
    }
}
