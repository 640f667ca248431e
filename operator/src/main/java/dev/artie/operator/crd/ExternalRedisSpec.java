package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A Redis the operator does not run. */
public class ExternalRedisSpec {
    @Required
    @JsonPropertyDescription(
            "Secret key holding the Redis URL (redis://:password@host:port/db, rediss:// for TLS); passed to every service as REDIS_URL.")
    public SecretKeyRef urlSecretRef;

    @Default("true")
    @JsonPropertyDescription(
            "The URL must use TLS (rediss://); the operator reports Redis Degraded when the URL's scheme disagrees.")
    public boolean tls = true;

    @JsonPropertyDescription(
            "Secret key holding the PEM CA certificate that signed the Redis server's certificate (a managed Redis with its own CA, e.g. Memorystore); mounted as a file that ARTIE_REDIS_CA_CERT names. Unset trusts the JVM's CAs.")
    public SecretKeyRef caCertSecretRef;
}
