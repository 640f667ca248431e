package dev.artie.operator.reconciler;

import io.fabric8.kubernetes.client.utils.Serialization;

/** Compares status objects by their JSON, as the API server stores them (the model has no equals). */
final class Serialized {
    private Serialized() {}

    static String of(Object value) {
        return value == null ? null : Serialization.asJson(value);
    }
}
