package dev.artie.capabilities.memory;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Shows in /health which memory store is used and whether it answers. Not a readiness check: without memory Artie still answers,
 * it only cannot remember.
 */
@Singleton
public class MemoryHealthIndicator implements HealthIndicator {
    private final MemoryStore store;

    public MemoryHealthIndicator(MemoryStore store) {
        this.store = store;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(store::health)
                .subscribeOn(Schedulers.boundedElastic())
                .map(details -> HealthResult.builder("memory", HealthStatus.UP)
                        .details(details)
                        .build())
                .onErrorResume(e -> Mono.just(HealthResult.builder("memory", HealthStatus.DOWN)
                        .details(Map.of("error", "the memory store does not answer"))
                        .build()));
    }
}
