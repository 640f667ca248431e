package dev.artie.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.catalogue.ArtieService;
import dev.artie.operator.crd.ArtieDeploymentSpec;
import dev.artie.operator.crd.MemorySpec;
import dev.artie.operator.crd.SecretKeyRef;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the operator states itself of a service agrees with the catalogue (docs/architecture.md). */
class ComponentCatalogueTest {
    @Test
    void everyServiceOfTheCatalogueIsAComponent() {
        assertThat(Arrays.stream(Component.values()).map(Component::service))
                .containsExactlyInAnyOrder(ArtieService.values());
    }

    /** The CEL rules allowing one replica are the spec's own; they hold exactly where the catalogue says. */
    @Test
    void theOneReplicaRulesAreTheCataloguesSingleInstances() {
        ArtieDeploymentSpec spec = new ArtieDeploymentSpec();
        spec.capabilities.memory.store = MemorySpec.POSTGRES;
        for (Component component : Component.values()) {
            assertThat(component.singleInstance(spec))
                    .as(component.id())
                    .isEqualTo(component.service().singleInstance());
        }
    }

    @Test
    void everyCredentialOfAChannelComesFromTheSpecsSecrets() {
        ArtieDeploymentSpec spec = new ArtieDeploymentSpec();
        SecretKeyRef ref = new SecretKeyRef("artie", "key");
        spec.channels.discord.tokenSecretRef = ref;
        spec.channels.sms.accountSidSecretRef = ref;
        spec.channels.sms.authTokenSecretRef = ref;
        spec.channels.email.usernameSecretRef = ref;
        spec.channels.email.passwordSecretRef = ref;
        for (Component component : Component.values()) {
            assertThat(ServiceConfig.secretEnv(spec, component).stream().map(SecretEnv::name))
                    .as(component.id())
                    .containsAll(component.service().credentials());
        }
    }
}
