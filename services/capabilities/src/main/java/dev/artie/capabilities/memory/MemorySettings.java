package dev.artie.capabilities.memory;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.NotBlank;
import java.util.Set;

/**
 * {@code ARTIE_MEMORY_STORE} and {@code ARTIE_MEMORY_PATH} (docs/configuration.md): which store keeps people's
 * memories, and the SQLite store's file. Read at start (so a wrong store is refused then, with the variable named).
 */
@Context
@ConfigurationProperties("artie.memory")
public record MemorySettings(
        @NotBlank String store, @NotBlank String path) {
    /** The property {@code @Requires} picks the store by. */
    public static final String STORE = "artie.memory.store";

    public static final String SQLITE = "sqlite";
    public static final String POSTGRES = "postgres";

    public MemorySettings {
        if (!Set.of(SQLITE, POSTGRES).contains(store)) {
            throw new IllegalArgumentException(
                    "ARTIE_MEMORY_STORE must be " + SQLITE + " or " + POSTGRES + ", not '" + store + "'");
        }
    }

    /** The SQLite store in this file. */
    public static MemorySettings sqlite(String path) {
        return new MemorySettings(SQLITE, path);
    }
}
