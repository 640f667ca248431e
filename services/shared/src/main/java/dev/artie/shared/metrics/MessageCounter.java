package dev.artie.shared.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * {@code artie_messages_total{channel,outcome}}: what became of a person's message (docs/observability.md,
 * "Messages"). Every service counts through this bean, so the metric's name, its tags and its outcomes are stated
 * once.
 */
@Singleton
public class MessageCounter {
    static final String NAME = "artie.messages";

    /** What became of a message; the {@code outcome} tag is the name in lower case. */
    public enum Outcome {
        RECEIVED,
        REPLIED,
        REPLIED_OFFLINE,
        FAILED,
        DUPLICATE,
        EXPIRED,
        TIMEOUT,
        UNAVAILABLE,
        REJECTED,
        UNAUTHORIZED,
        TOO_LONG,
        FORBIDDEN,
        STOP,
        START,
        HELP,
        IGNORED,
        MEDIA_ONLY,
        OPTED_OUT,
        EMPTY,
        UNVERIFIED,
        AUTO_REPLY,
        TOO_LARGE,
        TOO_COMPLEX;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry metrics;

    public MessageCounter(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    public void count(String channel, Outcome outcome) {
        metrics.counter(NAME, "channel", channel, "outcome", outcome.tag()).increment();
    }
}
