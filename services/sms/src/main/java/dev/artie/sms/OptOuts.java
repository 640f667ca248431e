package dev.artie.sms;

import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.inject.Singleton;

/**
 * Numbers that texted STOP. Kept in Redis, not in memory, so the opt-out survives restarts and holds for every
 * replica; a reply already queued for such a number is dropped when it comes back.
 */
@Singleton
class OptOuts {
    static final String KEY = "artie:sms:opted-out";

    private final StatefulRedisConnection<String, String> redis;

    OptOuts(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
    }

    void optOut(String number) {
        redis.sync().sadd(KEY, number);
    }

    void optIn(String number) {
        redis.sync().srem(KEY, number);
    }

    boolean isOptedOut(String number) {
        return redis.sync().sismember(KEY, number);
    }
}
