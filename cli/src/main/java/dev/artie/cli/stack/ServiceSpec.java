package dev.artie.cli.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One service of the local stack.
 *
 * @param jar         the runnable jar, relative to the repository root
 * @param requiredEnv variables that must all be set for the service to start (a channel's credentials)
 */
public record ServiceSpec(String name, String jar, int defaultPort, List<String> requiredEnv) {

    /** True when every required variable is set: a channel without credentials stays off. */
    public boolean configured(Map<String, String> env) {
        return requiredEnv.stream().allMatch(variable -> {
            String value = env.get(variable);
            return value != null && !value.isBlank();
        });
    }

    public boolean core() {
        return requiredEnv.isEmpty();
    }

    /** The local stack's own override of this service's port, e.g. {@code ARTIE_HTTP_CHAT_PORT}. */
    public String portVariable() {
        return "ARTIE_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT";
    }

    public Path jarIn(Path root) {
        return root.resolve(jar);
    }

    /** The ahead-of-time class cache the build trains beside the jar (services/pom.xml, profile aot-cache). */
    public Path aotCacheIn(Path root) {
        return jarIn(root).resolveSibling("artie-" + name + ".aot");
    }
}
