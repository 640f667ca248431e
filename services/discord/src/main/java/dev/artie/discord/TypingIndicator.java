package dev.artie.discord;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps "Artie is typing…" up while a message waits for its reply. Discord shows typing for about ten seconds per
 * request and has no "stop" call (sending a message ends it), so it is refreshed until the reply is delivered or
 * {@code typingMax} has passed, whichever comes first (a reply that never comes must not type forever).
 */
@Singleton
class TypingIndicator {
    static final Duration REFRESH = Duration.ofSeconds(8);
    private static final Logger LOG = LoggerFactory.getLogger(TypingIndicator.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("discord-typing").daemon().factory());
    private final Map<String, ScheduledFuture<?>> typing = new ConcurrentHashMap<>();
    private final Duration max;
    private final Duration refresh;

    @Inject
    TypingIndicator(DiscordSettings settings) {
        this(settings.typingMax(), REFRESH);
    }

    TypingIndicator(Duration max, Duration refresh) {
        this.max = max;
        this.refresh = refresh;
    }

    /** Shows typing now and keeps it up for the message {@code messageId} until {@link #stop}. */
    void start(String messageId, Runnable sendTyping) {
        long until = System.nanoTime() + max.toNanos();
        ScheduledFuture<?> task = timer.scheduleAtFixedRate(
                () -> {
                    if (System.nanoTime() - until > 0) {
                        stop(messageId);
                        return;
                    }
                    try {
                        sendTyping.run();
                    } catch (RuntimeException e) {
                        LOG.debug("typing indicator failed: {}", e.getMessage());
                    }
                },
                0,
                refresh.toMillis(),
                TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = typing.put(messageId, task);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** The reply to {@code messageId} is here (or will never come): stop refreshing. */
    void stop(String messageId) {
        ScheduledFuture<?> task = typing.remove(messageId);
        if (task != null) {
            task.cancel(false);
        }
    }

    int active() {
        return typing.size();
    }

    boolean isTyping(String messageId) {
        return typing.containsKey(messageId);
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
