package dev.artie.capabilities.memory;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code ARTIE_MEMORY_POSTGRES_*} (docs/configuration.md): the database of {@code ARTIE_MEMORY_STORE=postgres}, as
 * the JDBC URL with user and password that CloudNativePG's {@code <cluster>-app} Secret holds under
 * {@code jdbc-uri}. The URL is a secret: only {@link #describeUrl()} (host, port and database) is ever shown.
 */
@ConfigurationProperties("artie.memory.postgres")
public record PostgresMemorySettings(@Nullable String url, int poolSize) {
    static final int MOST_CONNECTIONS = 100;

    public PostgresMemorySettings {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(
                    "ARTIE_MEMORY_STORE=postgres needs ARTIE_MEMORY_POSTGRES_URL, the JDBC "
                            + "URL of the database with user and password (jdbc:postgresql://host:5432/db?user=...&password=...)");
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("ARTIE_MEMORY_POSTGRES_URL must be a JDBC URL starting with "
                    + "jdbc:postgresql:, not " + describe(url));
        }
        if (poolSize < 1 || poolSize > MOST_CONNECTIONS) {
            throw new IllegalArgumentException(
                    "ARTIE_MEMORY_POSTGRES_POOL_SIZE must be between 1 and " + MOST_CONNECTIONS + ", not " + poolSize);
        }
    }

    /** Host, port and database of the URL, without user, password or any other parameter. */
    public String describeUrl() {
        return describe(url);
    }

    @Override
    public String toString() {
        return "PostgresMemorySettings[url=" + describeUrl() + ", poolSize=" + poolSize + "]";
    }

    private static String describe(String url) {
        String withoutParameters = url.split("[?;#]", 2)[0];
        return withoutParameters.replaceFirst("//.*@", "//");
    }
}
