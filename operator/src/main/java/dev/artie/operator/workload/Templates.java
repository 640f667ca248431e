package dev.artie.operator.workload;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The hardened pod templates under resources/templates, from which the dependents build their objects. */
public final class Templates {
    private Templates() {}

    public static <T> T load(String resource, Class<T> type) {
        try (InputStream in = Templates.class.getResourceAsStream("/templates/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("template missing from the classpath: " + resource);
            }
            return Serialization.unmarshal(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
