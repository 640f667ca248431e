package dev.artie.operator.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs kubectl and helm from $ARTIE_KUBE_BINARIES and captures their output. */
public final class Processes {
    public record Result(int exitCode, String output) {}

    private Processes() {}

    public static Result run(Path binary, String... args) {
        return run(KubeCommands.DEFAULT_TIMEOUT, binary, args);
    }

    public static Result run(Duration timeout, Path binary, String... args) {
        var command = new ArrayList<String>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        try {
            var process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .directory(dev.artie.operator.RepoFiles.root().toFile())
                    .start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
