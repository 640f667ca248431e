package dev.artie.shared.health;

import dev.artie.shared.queue.StreamConsumerRegistry;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** Ready only while Redis answers and every stream consumer reaches it: without Redis no message can move. */
@Singleton
@Readiness
public class RedisHealthIndicator implements HealthIndicator {
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    private final StatefulRedisConnection<String, String> connection;
    private final StreamConsumerRegistry consumers;

    public RedisHealthIndicator(StatefulRedisConnection<String, String> connection, StreamConsumerRegistry consumers) {
        this.connection = connection;
        this.consumers = consumers;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromFuture(() -> connection.async().ping().toCompletableFuture())
                .timeout(PING_TIMEOUT)
                .map(pong -> consumers.allConnected()
                        ? result(HealthStatus.UP, "reachable")
                        : result(HealthStatus.DOWN, "stream consumers reconnecting"))
                .onErrorResume(e -> Mono.just(result(HealthStatus.DOWN, "unreachable")));
    }

    private static HealthResult result(HealthStatus status, String state) {
        // Deliberately no URL in the details: it may carry the Redis password.
        return HealthResult.builder("redis", status)
                .details(Map.of("state", state))
                .build();
    }
}
