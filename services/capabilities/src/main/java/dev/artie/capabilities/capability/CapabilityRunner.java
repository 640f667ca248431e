package dev.artie.capabilities.capability;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs capability calls with a time-out each and turns every failure (unknown capability, bad arguments, time-out,
 * a bug) into an error result for the model: a capability call never fails the message. Only the registry's
 * capabilities run, and only with arguments that fit the action's schema; refusals are counted with
 * {@code outcome="refused"} and, when the capability is not one of ours, {@code capability="unknown"}: a model's
 * made-up name never becomes a metric label.
 */
@Singleton
public class CapabilityRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CapabilityRunner.class);
    private static final String UNKNOWN = "unknown";
    private static final String REFUSED = "refused";

    private final CapabilityRegistry registry;
    private final CapabilitySettings settings;
    private final MeterRegistry metrics;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public CapabilityRunner(CapabilityRegistry registry, CapabilitySettings settings, MeterRegistry metrics) {
        this.registry = registry;
        this.settings = settings;
        this.metrics = metrics;
    }

    public List<CapabilityResult> runAll(List<CapabilityCall> calls, CapabilityContext context) {
        return calls.stream().map(call -> run(call, context)).toList();
    }

    public CapabilityResult run(CapabilityCall call, CapabilityContext context) {
        if (call.problem() != null) {
            return failed(call, UNKNOWN, REFUSED, call.problem());
        }
        Capability capability = registry.find(call.capability()).orElse(null);
        if (capability == null) {
            return failed(
                    call,
                    UNKNOWN,
                    REFUSED,
                    "there is no capability '" + call.capability() + "'; available: "
                            + registry.all().stream().map(Capability::name).collect(Collectors.joining(", ")));
        }
        CapabilityAction action = registry.findAction(capability, call.action()).orElse(null);
        if (action == null) {
            return failed(
                    call,
                    capability.name(),
                    REFUSED,
                    capability.name() + " has no action '" + call.action()
                            + "'; its actions: "
                            + capability.actions().stream()
                                    .map(CapabilityAction::name)
                                    .collect(Collectors.joining(", ")));
        }
        Map<String, Object> arguments = withContent(call, action);
        String misfit = ArgumentSchema.problem(action, arguments).orElse(null);
        if (misfit != null) {
            return failed(call, capability.name(), REFUSED, misfit + "; nothing was run");
        }
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        Future<String> running = executor.submit(() -> {
            MDC.setContextMap(
                    logContext == null ? Map.of() : logContext); // the message's correlation id, in its logs too
            return capability.execute(action.name(), arguments, context);
        });
        try {
            String output = running.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            count(capability.name(), "ok");
            return new CapabilityResult(
                    call,
                    true,
                    output,
                    capability.exactValue(action.name(), output).orElse(null));
        } catch (TimeoutException e) {
            running.cancel(true);
            return failed(
                    call,
                    capability.name(),
                    "timeout",
                    "timed out after " + settings.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CapabilityRefusedException refused) {
                return failed(call, capability.name(), REFUSED, refused.getMessage());
            }
            if (e.getCause() instanceof CapabilityException failure) {
                return failed(call, capability.name(), "error", failure.getMessage());
            }
            LOG.error("capability {} crashed", call.label(), e.getCause());
            return failed(call, capability.name(), "error", "internal error");
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return failed(call, capability.name(), "error", "interrupted");
        }
    }

    /** A content-form tag's text fills the action's main argument unless the data named it already. */
    private static Map<String, Object> withContent(CapabilityCall call, CapabilityAction action) {
        if (call.content() == null
                || call.content().isBlank()
                || action.contentArgument() == null
                || call.arguments().containsKey(action.contentArgument())) {
            return call.arguments();
        }
        Map<String, Object> arguments = new HashMap<>(call.arguments());
        arguments.put(action.contentArgument(), call.content().strip());
        return arguments;
    }

    private CapabilityResult failed(CapabilityCall call, String capabilityLabel, String outcome, String reason) {
        count(capabilityLabel, outcome);
        LOG.info("capability call {} {}: {}", call.label(), outcome, reason);
        return CapabilityResult.failed(call, reason);
    }

    private void count(String capability, String outcome) {
        metrics.counter("artie.capability.calls", "capability", capability, "outcome", outcome)
                .increment();
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
