package dev.artie.cli;

import dev.artie.cli.stack.ServiceCatalog;
import dev.artie.cli.stack.ServiceSpec;
import dev.artie.cli.stack.StackFile;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which Redis and which service ports a command talks to. Each comes from, in order: a flag
 * ({@code --redis-url}, {@code --port name=N}, {@code --url name=URL}), the environment ({@code REDIS_URL},
 * {@code ARTIE_<SERVICE>_PORT}), the stack file of a running {@code ./artie up}, then the defaults of
 * docs/configuration.md.
 */
public final class StackTarget {
    public static final String DEFAULT_REDIS_URL = "redis://localhost:6379";
    private final StackOptions flags;
    private final Map<String, String> env;
    private final Optional<StackFile> running;

    public StackTarget(StackOptions flags, Map<String, String> env, Optional<StackFile> running) {
        this.flags = flags;
        this.env = env;
        this.running = running;
    }

    public String redisUrl() {
        return flags.redisUrl()
                .or(() -> nonBlank(env.get("REDIS_URL")))
                .or(() -> running.flatMap(StackFile::localRedisUrl))
                .orElse(DEFAULT_REDIS_URL);
    }

    public int port(ServiceSpec service) {
        return namedValue("port", flags.ports(), service.name())
                .map(value -> parsePort(service, value))
                .or(() -> nonBlank(env.get(service.portVariable())).map(value -> parsePort(service, value)))
                .or(() -> running.map(file -> file.ports().get(service.name())))
                .orElse(service.defaultPort());
    }

    /** Where the service's health endpoints are: {@code --url name=...}, else localhost on its port. */
    public URI baseUrl(ServiceSpec service) {
        return namedValue("url", flags.urls(), service.name())
                .map(URI::create)
                .orElseGet(() -> URI.create("http://localhost:" + port(service)));
    }

    /** How often the running local stack restarted the service (0 when no stack runs here). */
    public int restarts(ServiceSpec service) {
        return running.map(file -> file.restarts().getOrDefault(service.name(), 0))
                .orElse(0);
    }

    /** The core services, and each optional one that has credentials, a --url, or runs in the local stack. */
    public List<ServiceSpec> services() {
        return ServiceCatalog.ALL.stream()
                .filter(s -> s.core()
                        || s.configured(env)
                        || namedValue("url", flags.urls(), s.name()).isPresent()
                        || running.map(file -> file.ports().containsKey(s.name()))
                                .orElse(false))
                .toList();
    }

    /** The value of a repeatable {@code --option name=value}. */
    private static Optional<String> namedValue(String option, List<String> values, String name) {
        for (String value : values) {
            int equals = value.indexOf('=');
            if (equals < 0) {
                throw new UsageException("--" + option + " takes service=value, e.g. --" + option + " http-chat="
                        + ("port".equals(option) ? "9080" : "http://host:8080"));
            }
            ServiceCatalog.named(value.substring(0, equals)); // fails on an unknown service name
            if (value.substring(0, equals).equals(name)) {
                return Optional.of(value.substring(equals + 1));
            }
        }
        return Optional.empty();
    }

    private static int parsePort(ServiceSpec service, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("port of " + service.name() + " must be 1-65535, not '" + value + "'");
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
