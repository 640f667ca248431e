package dev.artie.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The flags that say which Redis and which service ports a command talks to (read by {@link StackTarget}). */
public final class StackOptions {
    @Option(names = "--redis-url", paramLabel = "URL")
    private String redisUrl;

    @Option(names = "--port", paramLabel = "SERVICE=PORT")
    private List<String> ports = new ArrayList<>();

    @Option(names = "--url", paramLabel = "SERVICE=URL")
    private List<String> urls = new ArrayList<>();

    /** For picocli, which sets the fields from the command line. */
    public StackOptions() {}

    /** For a command that takes some of these flags under its own options. */
    public StackOptions(String redisUrl, List<String> ports) {
        this.redisUrl = redisUrl;
        this.ports = ports;
    }

    public Optional<String> redisUrl() {
        return Optional.ofNullable(redisUrl);
    }

    public List<String> ports() {
        return ports;
    }

    public List<String> urls() {
        return urls;
    }
}
