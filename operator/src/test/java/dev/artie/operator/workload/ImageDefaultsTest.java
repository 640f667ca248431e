package dev.artie.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.operator.Fixtures;
import dev.artie.operator.dependent.ComponentDeployments;
import dev.artie.operator.dependent.RedisStatefulSetDependent;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageDefaultsTest {
    @Test
    void theEnvironmentOverridesEveryPartOfTheName() {
        var images = ImageDefaults.fromEnvironment(Map.of(
                "ARTIE_OPERATOR_IMAGE_REGISTRY", "localhost:5000",
                "ARTIE_OPERATOR_IMAGE_PREFIX", "",
                "ARTIE_OPERATOR_IMAGE_TAG", "1.2.3",
                "ARTIE_OPERATOR_REDIS_IMAGE", "localhost:5000/artie-test/redis:7.0.15"));

        assertThat(images.of(Component.HTTP_CHAT, null)).isEqualTo("localhost:5000/artie-http-chat:1.2.3");
        assertThat(images.of(Component.CAPABILITIES, " ")).isEqualTo("localhost:5000/artie-capabilities:1.2.3");
        assertThat(images.redis(null)).isEqualTo("localhost:5000/artie-test/redis:7.0.15");
    }

    @Test
    void anImageTheSpecNamesWins() {
        var images = ImageDefaults.builtIn();
        assertThat(images.of(Component.SMS, "my.registry/sms:9")).isEqualTo("my.registry/sms:9");
        assertThat(images.redis("redis:8")).isEqualTo("redis:8");
    }

    @Test
    void noRegistryMeansARepositoryNameAlone() {
        var images = ImageDefaults.fromEnvironment(
                Map.of("ARTIE_OPERATOR_IMAGE_REGISTRY", "", "ARTIE_OPERATOR_IMAGE_PREFIX", "team/"));
        assertThat(images.of("operator"))
                .isEqualTo("team/artie-operator:" + ImageDefaults.builtIn().tag());
    }

    @Test
    void aPrefixWithoutTheSlashIsRefusedByName() {
        assertThatThrownBy(() -> ImageDefaults.fromEnvironment(Map.of("ARTIE_OPERATOR_IMAGE_PREFIX", "team")))
                .hasMessageContaining("ARTIE_OPERATOR_IMAGE_PREFIX")
                .hasMessageContaining("'team'");
        assertThatThrownBy(() -> ImageDefaults.fromEnvironment(Map.of("ARTIE_OPERATOR_IMAGE_TAG", "")))
                .hasMessageContaining("ARTIE_OPERATOR_IMAGE_TAG");
    }

    @Test
    void workloadsWithoutAnImageRunTheOperatorsDefault() {
        var artie = Fixtures.minimal("a", "ns");
        Deployment chat = ComponentDeployments.desired(
                artie, Component.HTTP_CHAT, name -> Optional.empty(), Fixtures.CONFIG_HASH);
        assertThat(chat.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getImage())
                .isEqualTo(ImageDefaults.process().of("http-chat"));

        artie.getSpec().channels.http.image = "my.registry/chat:2";
        chat = ComponentDeployments.desired(artie, Component.HTTP_CHAT, name -> Optional.empty(), Fixtures.CONFIG_HASH);
        assertThat(chat.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getImage())
                .isEqualTo("my.registry/chat:2");

        StatefulSet redis = RedisStatefulSetDependent.build(artie);
        assertThat(redis.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getImage())
                .isEqualTo(ImageDefaults.process().redis(null));
    }
}
