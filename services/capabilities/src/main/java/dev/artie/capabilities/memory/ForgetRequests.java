package dev.artie.capabilities.memory;

import dev.artie.shared.queue.RedisMarker;
import io.lettuce.core.api.StatefulRedisConnection;
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

    private final RedisMarker requests;

    public ForgetRequests(StatefulRedisConnection<String, String> connection) {
        this.requests = new RedisMarker(connection.sync(), PREFIX, CONFIRM_WITHIN);
    }

    /** Records that the person asked to be forgotten; a YES within {@link #CONFIRM_WITHIN} confirms it. */
    public void ask(String channel, String personId) {
        requests.put(person(channel, personId), "asked");
    }

    /**
     * Whether this message confirms the person's request: it says YES and the request is still open. Taken at most
     * once (GETDEL), so a YES delivered twice erases once; any other message withdraws the request.
     */
    public boolean confirmedBy(String channel, String personId, String text) {
        String person = person(channel, personId);
        if (isYes(text)) {
            return requests.take(person).isPresent();
        }
        requests.clear(person);
        return false;
    }

    static boolean isYes(String text) {
        String said = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        while (!said.isEmpty() && ".!".indexOf(said.charAt(said.length() - 1)) >= 0) {
            said = said.substring(0, said.length() - 1).strip();
        }
        return said.equals("yes");
    }

    /** The request's id under {@link #PREFIX}: the person's channel and id, escaped as in every person's key. */
    private static String person(String channel, String personId) {
        return PersonKeys.of("", channel, personId);
    }
}
