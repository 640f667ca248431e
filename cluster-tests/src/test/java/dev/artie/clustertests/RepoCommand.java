package dev.artie.clustertests;

import dev.artie.local.Processes;
import dev.artie.operator.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command of the repository (scripts/test-cluster.sh, ./artie images, ...) run from its root: stdout is what it
 * answers, stderr (its progress) goes to target/NAME.log so a long build does not flood the test output.
 */
final class RepoCommand {
    private RepoCommand() {}

    /** The exit code and stdout; on failure the output ends with the last lines of the log. */
    static Processes.Result run(Duration timeout, String name, String... command) {
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .directory(RepoFiles.root().toFile())
                    .redirectError(log.toFile())
                    .start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out; see " + log);
            }
            int exit = process.exitValue();
            return new Processes.Result(
                    exit, exit == 0 ? out : out + "\n(" + log + ")\n" + tail(Files.readString(log)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Its stdout; throws with the log's tail unless it exits 0. */
    static String succeed(Duration timeout, String name, String... command) {
        Processes.Result result = run(timeout, name, command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed (exit " + result.exitCode() + "):\n" + result.output());
        }
        return result.output();
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
