package dev.artie.capabilities.model;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the model for each call: round-robin across the configured models; after a 402 (no credits) the free
 * models for a while; a model that answered 429 rests until its Retry-After (else ARTIE_MODEL_COOLDOWN) has passed;
 * time-outs, 5xx and malformed answers move on to the next model, and a model failing so several times in a row
 * rests for ARTIE_MODEL_COOLDOWN, so that messages stop paying its time-out. All attempts for one message share
 * its deadline. Text a model streamed before it failed is void: the {@link PartialText} is told to reset before the
 * next model is asked (docs/queue.md, "Partial replies").
 */
@Singleton
public class ModelRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRouter.class);
    /** Credits rarely come back within minutes; the paid models are tried again after this. */
    static final Duration FREE_MODELS_PERIOD = Duration.ofMinutes(15);
    /** One failure may be a blip; this many in a row mean the model is down for now. */
    static final int FAILURES_BEFORE_REST = 3;

    private final ModelSettings settings;
    private final ChatCompletionsClient client;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final AtomicInteger cursor = new AtomicInteger();
    /*
     * A circuit breaker per model, kept by hand rather than resilience4j's CircuitBreaker on purpose: a rest here
     * lasts as long as each 429's Retry-After says (the breaker's open state has one configured wait); a rested
     * model takes all traffic again at once, where the breaker's half-open state lets a few trial calls through and
     * turns the other messages away meanwhile; and a 429 rests a model at once while other refusals count for
     * nothing, outcomes the breaker's success/failure recording does not have. Two maps say all that.
     */
    private final Map<String, Instant> restingUntil = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failuresInARow = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> freeModelsUntil = new AtomicReference<>(Instant.MIN);

    public ModelRouter(ModelSettings settings, ChatCompletionsClient client, MeterRegistry metrics, Clock clock) {
        this.settings = settings;
        this.client = client;
        this.metrics = metrics;
        this.clock = clock;
        if (!settings.hasModel()) {
            LOG.warn("ARTIE_MODEL_API_KEY and OPENROUTER_API_KEY are empty and ARTIE_MODEL_BASE_URL is OpenRouter's: "
                    + "every reply will be an offline one (a keyless local server needs only ARTIE_MODEL_BASE_URL)");
        }
    }

    /** The time budget of one message's model calls, starting now. */
    public Deadline newDeadline() {
        return Deadline.in(settings.deadline(), clock);
    }

    public boolean nativeTools() {
        return settings.nativeTools();
    }

    /**
     * Asks one model after another until one answers, within the deadline, handing the answering model's text to
     * {@code partial} as it streams.
     */
    public ModelReply complete(
            List<ChatMessage> messages, List<ToolDefinition> tools, Deadline deadline, PartialText partial)
            throws NoModelAnsweredException {
        if (!settings.hasModel()) {
            throw new NoModelAnsweredException("no API key is configured for OpenRouter");
        }
        List<String> failures = new ArrayList<>();
        if (!usingFreeModels()) {
            Optional<ModelReply> reply =
                    tryInTurn(settings.models(), true, messages, tools, deadline, partial, failures);
            if (reply.isPresent()) {
                return reply.get();
            }
        }
        if (usingFreeModels()) {
            Optional<ModelReply> reply =
                    tryInTurn(settings.freeModels(), false, messages, tools, deadline, partial, failures);
            if (reply.isPresent()) {
                return reply.get();
            }
        }
        throw new NoModelAnsweredException(
                failures.isEmpty() ? "every model is resting after a rate limit" : String.join("; ", failures));
    }

    private Optional<ModelReply> tryInTurn(
            List<String> models,
            boolean paid,
            List<ChatMessage> messages,
            List<ToolDefinition> tools,
            Deadline deadline,
            PartialText partial,
            List<String> failures) {
        if (models.isEmpty()) {
            return Optional.empty();
        }
        int start = Math.floorMod(cursor.getAndIncrement(), models.size());
        for (int i = 0; i < models.size(); i++) {
            String model = models.get((start + i) % models.size());
            if (resting(model)) {
                continue;
            }
            if (deadline.expired()) {
                failures.add("the deadline of " + settings.deadline().toMillis() + " ms passed");
                return Optional.empty();
            }
            ChatCompletionsClient.Attempt attempt = call(model, messages, tools, deadline, partial);
            if (attempt.refused() && !tools.isEmpty() && !deadline.expired()) {
                // Many models take no tools (OpenRouter answers 404); capability tags work without them.
                LOG.info("model {} refused the request with tools ({}); asking again without", model, attempt.detail());
                attempt = call(model, ChatMessage.withoutToolTurns(messages), List.of(), deadline, partial);
            }
            if (attempt.outcome() == ModelOutcome.OK) {
                failuresInARow(model).set(0);
                return Optional.of(attempt.reply());
            }
            LOG.warn("model {} failed ({}): {}", model, attempt.outcome().tag(), attempt.detail());
            failures.add(model + ": " + attempt.outcome().tag());
            switch (attempt.outcome()) {
                case RATE_LIMITED ->
                    rest(model, attempt.retryAfter() == null ? settings.cooldown() : attempt.retryAfter());
                case NO_CREDITS -> {
                    if (paid && !settings.freeModels().isEmpty()) {
                        switchToFreeModels();
                        return Optional.empty(); // credits are per account: the other paid models would answer 402 too
                    }
                }
                case TIMEOUT, SERVER_ERROR, MALFORMED -> {
                    if (failuresInARow(model).incrementAndGet() >= FAILURES_BEFORE_REST) {
                        failuresInARow(model).set(0);
                        rest(model, settings.cooldown());
                    }
                }
                default -> {
                    // Other refusals (401, 403, 400) say nothing about the model's health.
                }
            }
        }
        return Optional.empty();
    }

    /** A failed model's streamed text is reset here, and nothing it sends after its call ended is passed on. */
    private ChatCompletionsClient.Attempt call(
            String model,
            List<ChatMessage> messages,
            List<ToolDefinition> tools,
            Deadline deadline,
            PartialText partial) {
        OneCall forwarding = new OneCall(partial);
        ChatCompletionsClient.Attempt attempt;
        try {
            attempt = client.call(
                    model, messages, tools, min(settings.requestTimeout(), deadline.remaining()), forwarding);
        } finally {
            forwarding.close();
        }
        if (attempt.outcome() != ModelOutcome.OK && forwarding.streamed()) {
            partial.reset();
        }
        return attempt;
    }

    /** The partial text of one call: forwarded while the call lasts, remembered whether any came. */
    private static final class OneCall implements PartialText {
        private final PartialText target;
        private volatile boolean open = true;
        private volatile boolean streamed;

        OneCall(PartialText target) {
            this.target = target;
        }

        @Override
        public synchronized void text(String soFar) {
            if (open) {
                streamed = true;
                target.text(soFar);
            }
        }

        @Override
        public void reset() {
            target.reset();
        }

        synchronized void close() {
            open = false;
        }

        boolean streamed() {
            return streamed;
        }
    }

    private boolean usingFreeModels() {
        return clock.instant().isBefore(freeModelsUntil.get());
    }

    private void switchToFreeModels() {
        freeModelsUntil.set(clock.instant().plus(FREE_MODELS_PERIOD));
        fallback("free_models");
        LOG.warn(
                "the endpoint has no credits left: using the free models {} for {} minutes",
                settings.freeModels(),
                FREE_MODELS_PERIOD.toMinutes());
    }

    private boolean resting(String model) {
        Instant until = restingUntil.get(model);
        return until != null && clock.instant().isBefore(until);
    }

    private AtomicInteger failuresInARow(String model) {
        return failuresInARow.computeIfAbsent(model, m -> new AtomicInteger());
    }

    private void rest(String model, Duration period) {
        restingUntil.put(model, clock.instant().plus(period));
        fallback("cooldown");
        LOG.info("model {} rests for {} ms", model, period.toMillis());
    }

    private void fallback(String kind) {
        metrics.counter("artie.model.fallbacks", "kind", kind).increment();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
