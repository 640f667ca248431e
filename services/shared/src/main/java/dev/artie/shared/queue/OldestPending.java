package dev.artie.shared.queue;

import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessages;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How long a group's oldest pending entry has waited, from XPENDING's summary: the oldest id is
 * {@code <milliseconds>-<sequence>}, stamped by Redis's clock, so its age is measured against Redis's clock too
 * ({@code TIME}), not against that of whoever asks.
 */
public final class OldestPending {
    private OldestPending() {}

    /** Redis's clock now, in milliseconds. */
    public static long redisNowMillis(RedisCommands<String, String> redis) {
        List<String> time = redis.time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    /**
     * The age at {@code nowMillis} (Redis's clock) of the oldest entry {@code pending} summarises; empty when none
     * is pending or its id cannot be read. Never negative.
     */
    public static Optional<Duration> age(PendingMessages pending, long nowMillis) {
        if (pending.getCount() == 0
                || pending.getMessageIds() == null
                || pending.getMessageIds().getLower() == null) {
            return Optional.empty();
        }
        String oldest = pending.getMessageIds().getLower().getValue();
        if (oldest == null || oldest.indexOf('-') <= 0) {
            return Optional.empty();
        }
        try {
            long stamped = Long.parseLong(oldest.substring(0, oldest.indexOf('-')));
            return Optional.of(Duration.ofMillis(Math.max(0, nowMillis - stamped)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
