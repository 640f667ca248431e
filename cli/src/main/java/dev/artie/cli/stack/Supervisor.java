package dev.artie.cli.stack;

import dev.artie.cli.Text;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Keeps child processes running, as Kubernetes keeps pods running: a child that exits is started again after a
 * growing delay (see {@link RestartPolicy}); {@link #stopAll} sends SIGTERM, waits, then kills whatever is left,
 * the children's own children included, so that nothing outlives the local stack.
 */
public final class Supervisor implements AutoCloseable {
    /** Log lines worth showing on the console as well as in the child's log file. */
    private static final Pattern WARN_OR_ERROR = Pattern.compile("\\b(WARN|ERROR)\\b");

    private static final int ECHO_MAX_LENGTH = 240;

    private final RestartPolicy policy;
    private final Consumer<String> console;
    private final Consumer<SupervisedChild> restarted;
    private final List<SupervisedChild> children = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("supervisor").daemon(true).factory());
    private volatile boolean stopping;

    public Supervisor(RestartPolicy policy, Consumer<String> console) {
        this(policy, console, child -> {});
    }

    /** @param restarted told after each restart */
    public Supervisor(RestartPolicy policy, Consumer<String> console, Consumer<SupervisedChild> restarted) {
        this.policy = policy;
        this.console = console;
        this.restarted = restarted;
    }

    public SupervisedChild start(ChildSpec spec) {
        SupervisedChild child = new SupervisedChild(spec);
        children.add(child);
        launch(child);
        return child;
    }

    public List<SupervisedChild> children() {
        return List.copyOf(children);
    }

    /** SIGTERM to every child, up to {@code grace} for them to finish, then SIGKILL to the rest. */
    public void stopAll(Duration grace) {
        List<ProcessHandle> running;
        synchronized (this) { // no launch can slip in between the flag and the list
            stopping = true;
            running = children.stream()
                    .flatMap(c -> c.process().stream())
                    .filter(Process::isAlive)
                    .map(Process::toHandle)
                    .toList();
        }
        restarts.shutdownNow();
        running.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : running) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!exited(handle, left)) {
                console.accept("[supervisor] " + nameOf(handle) + " did not stop within " + grace.toSeconds()
                        + " s; killing it");
            }
        }
        for (ProcessHandle handle : running) {
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
        }
        for (ProcessHandle handle : running) {
            if (!exited(handle, TimeUnit.SECONDS.toNanos(5))) { // SIGKILL is asynchronous: return once they are gone
                console.accept("[supervisor] process " + handle.pid() + " survived SIGKILL");
            }
        }
    }

    @Override
    public void close() {
        stopAll(Duration.ofSeconds(20));
    }

    /** Polls rather than ProcessHandle.onExit(), for the reason given in {@link #launch}. */
    private static boolean exited(ProcessHandle handle, long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (handle.isAlive()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !handle.isAlive();
            }
        }
        return true;
    }

    private synchronized void launch(SupervisedChild child) {
        if (stopping) {
            return;
        }
        ChildSpec spec = child.spec();
        ProcessBuilder builder = new ProcessBuilder(spec.command())
                .directory(spec.directory().toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(spec.env());
        Process process;
        try {
            Files.createDirectories(spec.log().getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start " + spec.name() + " (" + spec.command().getFirst() + ")", e);
        }
        child.started(process);
        // A platform thread: it spends the child's life in a native read of the pipe, which holds a virtual thread's
        // carrier; with a few children (./artie bench runs six) the command line's own virtual threads, the bench's
        // fake model among them, found no carrier left and the services waited for their model until they gave up.
        Thread.ofPlatform().daemon().name("output-" + spec.name()).start(() -> copyOutput(child, process));
        // A thread that waits, not Process.onExit(): its callbacks run on the common fork-join pool, which has a
        // single thread on 2 cores, so any blocking task elsewhere in this JVM would hold up every restart.
        Thread.ofPlatform().daemon().name("exit-" + spec.name()).start(() -> {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                return;
            }
            onExit(child, process);
        });
    }

    private void onExit(SupervisedChild child, Process exited) {
        if (stopping || !child.isCurrent(exited)) {
            return;
        }
        Duration delay = policy.delayAfter(child.crashed(policy.stableAfter()));
        try {
            // Said when the restart happens, not at the exit: on Ctrl-C the terminal signals every child
            // at once, and by the time the delay is over the stop has begun and nothing is said or restarted.
            restarts.schedule(() -> restart(child, exited.exitValue(), delay), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // stopAll ran meanwhile: nothing to restart.
        }
    }

    private synchronized void restart(SupervisedChild child, int exitCode, Duration delay) {
        if (stopping) {
            return;
        }
        child.restarting();
        console.accept("[supervisor] " + child.name() + " exited with code " + exitCode + "; restarting it (restart #"
                + child.restarts() + ", after " + delay.toMillis() + " ms; log: " + shown(child.spec()) + ")");
        launch(child);
        restarted.accept(child);
    }

    /** Appends the child's output to its log file and echoes warnings and errors, prefixed with its name. */
    private void copyOutput(SupervisedChild child, Process process) {
        ChildSpec spec = child.spec();
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter log = Files.newBufferedWriter(
                        spec.log(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                log.write(line);
                log.newLine();
                log.flush();
                if (WARN_OR_ERROR.matcher(line).find()) {
                    console.accept("[" + spec.name() + "] " + Text.abbreviate(line, ECHO_MAX_LENGTH));
                }
            }
        } catch (IOException e) {
            // The pipe closes when the child dies; its log file has everything up to then.
        }
    }

    /** The log file as a person would type it: relative to where the stack runs. */
    private static Path shown(ChildSpec spec) {
        return spec.log().startsWith(spec.directory()) ? spec.directory().relativize(spec.log()) : spec.log();
    }

    private String nameOf(ProcessHandle handle) {
        return children.stream()
                .filter(c -> c.pid() == handle.pid())
                .map(SupervisedChild::name)
                .findFirst()
                .orElse("process " + handle.pid());
    }
}
