package dev.artie.cli.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Redis's own {@code redis-benchmark}, run against the same server, as the yardstick of (a). */
final class RedisBenchmark {
    static final int REQUESTS = 100_000;
    private static final Pattern RATE = Pattern.compile("([0-9.]+) requests per second");

    private RedisBenchmark() {}

    static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-benchmark");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** XADDs per second with redis-benchmark's defaults (50 connections, no pipelining). */
    static double xaddPerSecond(Path binary, int port) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(
                        binary.toString(),
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-n",
                        Integer.toString(REQUESTS),
                        "-P",
                        "1",
                        "-q",
                        "XADD",
                        "bench:redis-benchmark",
                        "*",
                        "field",
                        "value"))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("redis-benchmark failed: " + output.strip());
        }
        Matcher matcher = RATE.matcher(output);
        double rate = Double.NaN;
        while (matcher.find()) { // the last figure is the final one; earlier ones are progress
            rate = Double.parseDouble(matcher.group(1));
        }
        if (Double.isNaN(rate)) {
            throw new IOException("no rate in redis-benchmark's output: " + output.strip());
        }
        return rate;
    }
}
