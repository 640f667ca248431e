package dev.artie.capabilities.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The configuration tests start the capabilities service with: a real Redis, the fake endpoint, a temp SQLite file. */
public final class TestServices {
    public static final String KEY = "sk-or-v1-SECRET-test-key-0123456789";

    private TestServices() {}

    public static Map<String, Object> properties(
            String redisUrl, FakeModelServer endpoint, Path dir, Object... overrides) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "redis.uri",
                redisUrl,
                "micronaut.server.port",
                -1,
                "artie.model.base-url",
                endpoint.baseUrl(),
                "artie.model.api-key",
                KEY,
                "artie.model.models",
                "model-a",
                "artie.model.request-timeout",
                "2s",
                "artie.memory.path",
                dir.resolve("memory.db").toString(),
                "artie.queue.retry-base-delay",
                "10ms",
                // A failure one test scripts must not rest the model for the next test.
                "artie.model.cooldown",
                "1ms"));
        for (int i = 0; i < overrides.length; i += 2) {
            properties.put((String) overrides[i], overrides[i + 1]);
        }
        return properties;
    }

    /** {@link #properties} as a {@code TestPropertyProvider} gives them to {@code @MicronautTest}: values as text. */
    public static Map<String, String> testProperties(
            String redisUrl, FakeModelServer endpoint, Path dir, Object... overrides) {
        Map<String, String> text = new HashMap<>();
        properties(redisUrl, endpoint, dir, overrides).forEach((name, value) -> text.put(name, String.valueOf(value)));
        return text;
    }
}
