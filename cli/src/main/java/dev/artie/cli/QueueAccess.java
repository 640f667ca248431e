package dev.artie.cli;

import dev.artie.shared.queue.DeadLetters;
import dev.artie.shared.queue.QueueSettings;
import dev.artie.shared.queue.StreamPublisher;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;

/** The shared queue classes, set up as the services set them up, for code that has no application context. */
public final class QueueAccess {
    private QueueAccess() {}

    /** A publisher that caps streams like the services do ({@code ARTIE_STREAM_MAX_LENGTH}). */
    public static StreamPublisher publisher(RedisCommands<String, String> redis, Map<String, String> env) {
        String configured = env.get(QueueSettings.STREAM_MAX_LENGTH_VARIABLE);
        long maxLength = configured == null || configured.isBlank()
                ? QueueSettings.DEFAULT_STREAM_MAX_LENGTH
                : Long.parseLong(configured.trim());
        return new StreamPublisher(redis, maxLength);
    }

    public static DeadLetters deadLetters(RedisCommands<String, String> redis, Map<String, String> env) {
        return new DeadLetters(redis, publisher(redis, env));
    }
}
