package dev.artie.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** A short, readable cause of a failed reconcile for the status (API server messages hold no secret values). */
final class ReconcileErrors {
    private static final int MAX = 300;

    private ReconcileErrors() {}

    /** A 409: the resource changed under this reconcile, which JOSDK's retry then handles; not a failure to show. */
    static boolean isConflict(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() == 409) {
                return true;
            }
        }
        return false;
    }

    static String cause(Throwable error) {
        Throwable deepest = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException) {
                deepest = t;
            }
        }
        String message = deepest instanceof KubernetesClientException k
                        && k.getStatus() != null
                        && k.getStatus().getMessage() != null
                ? k.getStatus().getMessage()
                : String.valueOf(deepest.getMessage());
        String line = message.lines().findFirst().orElse(message);
        return line.length() > MAX ? line.substring(0, MAX) + "..." : line;
    }
}
