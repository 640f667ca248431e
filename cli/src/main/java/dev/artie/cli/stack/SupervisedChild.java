package dev.artie.cli.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One supervised child: its current process and how often it was restarted. */
public final class SupervisedChild {
    private final ChildSpec spec;
    private volatile Process process;
    private volatile Instant startedAt;
    private volatile int restarts;
    private volatile int consecutiveCrashes;

    SupervisedChild(ChildSpec spec) {
        this.spec = spec;
    }

    public ChildSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public Optional<Process> process() {
        return Optional.ofNullable(process);
    }

    public boolean alive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    public long pid() {
        Process current = process;
        return current == null ? -1 : current.pid();
    }

    public int restarts() {
        return restarts;
    }

    public Instant startedAt() {
        return startedAt;
    }

    void started(Process newProcess) {
        process = newProcess;
        startedAt = Instant.now();
    }

    /** Counts a crash and returns how many came in a row; a stable run before it resets the count. */
    int crashed(Duration stableAfter) {
        boolean ranStable = Duration.between(startedAt, Instant.now()).compareTo(stableAfter) >= 0;
        consecutiveCrashes = ranStable ? 1 : consecutiveCrashes + 1;
        return consecutiveCrashes;
    }

    void restarting() {
        restarts++;
    }

    boolean isCurrent(Process candidate) {
        return process == candidate;
    }
}
