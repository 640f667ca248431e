package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The memory database's claim: switching it off keeps the claim unless deleting it is asked for. */
public class MemorySpec extends PersistenceSpec {
  @Default("false")
  @JsonPropertyDescription("With enabled false: delete the memory claim and so people's memories. Unset or false keeps"
      + " the claim (the pod then uses an emptyDir), and enabling memory again brings the memories back.")
  public boolean deleteData;
}
