package dev.artie.cli.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running {@code ./artie up} tells the other commands: the ports it chose and, when it started Redis
 * itself, that Redis's URL (a local server without a password; an external REDIS_URL is never written down).
 * Ignored once the process that wrote it is gone.
 */
public record StackFile(
        long pid, Optional<String> localRedisUrl, Map<String, Integer> ports, Map<String, Integer> restarts) {
    private static final String PID = "pid";
    private static final String REDIS_URL = "redis.url";
    private static final String PORT_SUFFIX = ".port";
    private static final String RESTARTS_SUFFIX = ".restarts";

    public void write(Path file) {
        Properties properties = new Properties();
        properties.setProperty(PID, Long.toString(pid));
        localRedisUrl.ifPresent(url -> properties.setProperty(REDIS_URL, url));
        ports.forEach((service, port) -> properties.setProperty(service + PORT_SUFFIX, port.toString()));
        restarts.forEach((service, count) -> properties.setProperty(service + RESTARTS_SUFFIX, count.toString()));
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(temp)) {
                properties.store(out, "written by ./artie up while it runs");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The stack file of a local stack that is still running, if any. */
    public static Optional<StackFile> readLive(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(properties.getProperty(PID, ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.of(new StackFile(
                    pid,
                    Optional.ofNullable(properties.getProperty(REDIS_URL)),
                    numbers(properties, PORT_SUFFIX),
                    numbers(properties, RESTARTS_SUFFIX)));
        }
        return Optional.empty();
    }

    /** {@code <service><suffix>=<n>} entries, by service. */
    private static Map<String, Integer> numbers(Properties properties, String suffix) {
        Map<String, Integer> values = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.endsWith(suffix)) {
                values.put(
                        key.substring(0, key.length() - suffix.length()),
                        Integer.parseInt(properties.getProperty(key)));
            }
        }
        return values;
    }

    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A stale file is harmless: readers check that its process still lives.
        }
    }
}
