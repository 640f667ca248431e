package dev.artie.operator.workload;

import dev.artie.operator.crd.SecretKeyRef;

/** An environment variable whose value comes from a Secret key. */
public record SecretEnv(String name, SecretKeyRef ref) {}
