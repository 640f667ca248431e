package dev.artie.cli.status;

/** The original's infrastructure check words: answering and healthy, answering but unhealthy, not answering. */
public enum ComponentState {
    ONLINE,
    DEGRADED,
    OFFLINE
}
