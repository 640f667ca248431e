package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where the PostgreSQL memory store is (store postgres). */
public class PostgresMemorySpec {
    @JsonPropertyDescription("Secret key holding the JDBC URL with user and password (ARTIE_MEMORY_POSTGRES_URL), e.g. "
            + "CloudNativePG's <cluster>-app Secret, key jdbc-uri.")
    public SecretKeyRef urlSecretRef;
}
