package dev.artie.httpchat;

import dev.artie.catalogue.ArtieService;
import dev.artie.shared.channel.ChannelQueue;
import dev.artie.shared.config.ArtieInstance;
import dev.artie.shared.queue.Streams;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's own reply stream. A request is held open by the instance that received it, so its reply must
 * come back to that instance and no other (docs/queue.md): each instance reads a stream named after itself.
 */
@Context
class ReplyStream {
    static final String CHANNEL = ArtieService.HTTP_CHAT.channel();
    private static final Logger LOG = LoggerFactory.getLogger(ReplyStream.class);
    /** A stream whose instance is gone for good (crashed, scaled down) disappears after this long. */
    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private final String name;
    private final ChannelQueue queue;
    private final ReplyWaiters waiters;
    private final StatefulRedisConnection<String, String> redis;

    ReplyStream(
            ArtieInstance instance,
            ChannelQueue queue,
            ReplyWaiters waiters,
            StatefulRedisConnection<String, String> redis) {
        this.name = Streams.outgoing(CHANNEL, instance.id());
        this.queue = queue;
        this.waiters = waiters;
        this.redis = redis;
    }

    @PostConstruct
    void start() {
        queue.onReplies(name, CHANNEL, waiters::complete);
    }

    String name() {
        return name;
    }

    @Scheduled(fixedDelay = "5m", initialDelay = "10s")
    void keepAlive() {
        try {
            redis.sync().expire(name, ABANDONED_AFTER.toSeconds());
        } catch (RuntimeException e) {
            LOG.debug("could not refresh expiry of {}: {}", name, e.getMessage());
        }
    }

    @PreDestroy
    void remove() {
        // Expire rather than delete: replies still arriving while this instance drains stay readable for a minute.
        try {
            redis.sync().expire(name, 60);
        } catch (RuntimeException e) {
            LOG.debug("could not expire {}: {}", name, e.getMessage());
        }
    }
}
