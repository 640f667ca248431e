package dev.artie.shared.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Which process answers: a supervisor (the local stack's `up`) counts a service ready only when the readiness that
 * says UP carries the id of the process it started, not that of another program holding the same port.
 */
@Singleton
@Readiness
public class ProcessHealthIndicator implements HealthIndicator {
    /** The indicator's name in the readiness answer; its details hold {@link #PID}. */
    public static final String NAME = "process";

    public static final String PID = "pid";

    private final HealthResult result = HealthResult.builder(NAME, HealthStatus.UP)
            .details(Map.of(PID, ProcessHandle.current().pid()))
            .build();

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.just(result);
    }
}
