package dev.artie.cli.stack;

import dev.artie.cli.StackTarget;
import dev.artie.cli.status.HealthProbe;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Waits until every service's {@code /health/readiness} says UP from the process the stack started for it (not from
 * whatever else answers on its port), reporting each as it gets there.
 */
final class ReadinessWait {
    private static final Duration POLL = Duration.ofMillis(100);

    private final HealthProbe health;
    private final PrintStream out;

    ReadinessWait(HealthProbe health, PrintStream out) {
        this.health = health;
        this.out = out;
    }

    /** @return true when all became ready within {@code timeout} */
    boolean awaitAll(List<ServiceSpec> services, StackTarget target, Duration timeout, ToLongFunction<String> pidOf)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<ServiceSpec> waiting = new ArrayList<>(services);
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (ServiceSpec service : List.copyOf(waiting)) {
                if (health.ready(target.baseUrl(service), pidOf.applyAsLong(service.name()))) {
                    waiting.remove(service);
                    out.printf("%s: ready after %.1f s%n", service.name(), (System.nanoTime() - start) / 1e9);
                }
            }
            Thread.sleep(POLL);
        }
        for (ServiceSpec service : waiting) {
            out.println(service.name() + ": not ready after " + timeout.toSeconds() + " s; still trying (see "
                    + "its log in .artie/logs/)");
        }
        return waiting.isEmpty();
    }
}
