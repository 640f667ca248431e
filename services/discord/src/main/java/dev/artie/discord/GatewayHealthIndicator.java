package dev.artie.discord;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import net.dv8tion.jda.api.JDA;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Ready only while the gateway is connected: without it no one's message reaches Artie. Liveness is untouched, so
 * a reconnecting bot is not restarted (which would only make it reconnect again, from scratch).
 */
@Singleton
@Readiness
class GatewayHealthIndicator implements HealthIndicator {
    private final JDA jda;

    GatewayHealthIndicator(JDA jda) {
        this.jda = jda;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        JDA.Status status = jda.getStatus();
        boolean connected = status == JDA.Status.CONNECTED;
        return Mono.just(HealthResult.builder("discord", connected ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("gateway", connected ? "connected" : "disconnected", "status", status.name()))
                .build());
    }
}
