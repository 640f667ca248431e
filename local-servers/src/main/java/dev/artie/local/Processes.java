package dev.artie.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program to its end: its exit code and its output (standard output and error together). The one process
 * runner of the local servers and of the tests. The output goes through a file, not a pipe: a program that leaves a
 * child holding its output (pg_ctl start leaves the server) must not keep the caller waiting for the pipe to close.
 */
public final class Processes {
    public record Result(int exitCode, String output) {}

    private Processes() {}

    public static Result run(Path dir, Duration timeout, String... command) {
        return run(dir, timeout, List.of(command));
    }

    public static Result run(Path dir, Duration timeout, List<String> command) {
        Path output = null;
        try {
            output = Files.createTempFile("artie-process", ".out");
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(process.exitValue(), Files.readString(output));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }
}
