package dev.artie.cli.status;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One stream: its length and each consumer group reading it. */
public record StreamStatus(String name, long length, List<Group> groups) {

    /**
     * @param oldestPending how long ago the oldest entry still unacknowledged was published
     */
    public record Group(String name, long consumers, long pending, Optional<Duration> oldestPending) {}
}
