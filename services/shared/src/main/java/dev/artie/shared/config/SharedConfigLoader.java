package dev.artie.shared.config;

import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.core.io.ResourceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adds {@code artie-shared.yml} (what every service configures alike: Redis, queue, health, metrics) beneath each
 * service's own {@code application.yml}, so that shared settings are written once.
 */
public class SharedConfigLoader extends YamlPropertySourceLoader {
    static final String RESOURCE = "artie-shared.yml";

    @Override
    public Set<String> getExtensions() {
        // Not a file extension Micronaut would otherwise look for: this loader only answers for "application".
        return Set.of("artie-shared");
    }

    @Override
    public Optional<PropertySource> load(String resourceName, ResourceLoader resourceLoader) {
        if (!"application".equals(resourceName)) {
            return Optional.empty();
        }
        return resourceLoader.getResourceAsStream(RESOURCE).map(this::read);
    }

    @Override
    public Optional<PropertySource> loadEnv(
            String resourceName,
            ResourceLoader resourceLoader,
            io.micronaut.context.env.ActiveEnvironment activeEnvironment) {
        return Optional.empty();
    }

    private PropertySource read(InputStream input) {
        try (input) {
            Map<String, Object> values = read(RESOURCE, input);
            // Just below application.yml, which therefore wins where a service sets the same key.
            return PropertySource.of(RESOURCE, values, DEFAULT_POSITION - 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
