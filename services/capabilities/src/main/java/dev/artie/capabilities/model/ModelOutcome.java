package dev.artie.capabilities.model;

import java.util.Locale;

/** How one model call ended; the {@code outcome} tag of {@code artie.model.calls}. */
public enum ModelOutcome {
    OK,
    RATE_LIMITED,
    NO_CREDITS,
    TIMEOUT,
    SERVER_ERROR,
    MALFORMED,
    ERROR;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
