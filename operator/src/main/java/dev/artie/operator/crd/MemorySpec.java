package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * People's memories: SQLite on the capabilities pod's claim (one replica), or PostgreSQL for any number of
 * replicas. Switching the claim off keeps it unless deleting it is asked for.
 */
@ValidationRule(
        value =
                "!has(self.store) || self.store != 'postgres' || (has(self.postgres) && has(self.postgres.urlSecretRef))",
        message = "capabilities.memory.postgres.urlSecretRef is needed when capabilities.memory.store is postgres")
public class MemorySpec extends PersistenceSpec {
    public static final String SQLITE = "sqlite";
    public static final String POSTGRES = "postgres";

    @Default("false")
    @JsonPropertyDescription(
            "With enabled false: delete the memory claim and so people's memories. Unset or false keeps"
                    + " the claim (the pod then uses an emptyDir), and enabling memory again brings the memories back.")
    public boolean deleteData;

    @Default(SQLITE)
    @Pattern("^(sqlite|postgres)$")
    @JsonPropertyDescription(
            "Where memories live (ARTIE_MEMORY_STORE): sqlite, one file on the claim above, one capabilities"
                    + " replica; postgres, the database postgres.urlSecretRef names, any number of replicas with rolling updates.")
    public String store = SQLITE;

    @JsonPropertyDescription("The PostgreSQL memory store, when store is postgres.")
    public PostgresMemorySpec postgres;

    public boolean onPostgres() {
        return POSTGRES.equals(store);
    }
}
