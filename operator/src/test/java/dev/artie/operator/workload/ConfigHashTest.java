package dev.artie.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigHashTest {
    private final ConfigHash hash = new ConfigHash(key(1));

    @Test
    void aGuessedSecretValueCannotBeCheckedAgainstTheHashWithoutTheKey() {
        var artie = Fixtures.minimal("a", "ns");
        String annotation = capabilitiesHash(hash, artie, secret("sk-or-guessable"));
        assertThat(annotation).isNotEqualTo(OfflineGuess.unkeyedHash(artie, Component.CAPABILITIES, "sk-or-guessable"));
        assertThat(capabilitiesHash(new ConfigHash(key(2)), artie, secret("sk-or-guessable")))
                .as("another key, the same inputs")
                .isNotEqualTo(annotation);
    }

    @Test
    void aChangedValueChangesTheHashARewrittenEqualValueDoesNot() {
        var artie = Fixtures.minimal("a", "ns");
        String before = capabilitiesHash(hash, artie, secret("one"));
        Secret rewritten = new SecretBuilder(secret("one"))
                .editMetadata()
                .withResourceVersion("42")
                .addToLabels("rotated-by", "a-tool")
                .endMetadata()
                .build();
        assertThat(capabilitiesHash(hash, artie, rewritten)).isEqualTo(before);
        assertThat(capabilitiesHash(hash, artie, secret("two"))).isNotEqualTo(before);
    }

    @Test
    void equalValuesInTwoInstallationsGiveDifferentHashes() {
        assertThat(capabilitiesHash(hash, Fixtures.minimal("a", "team-a"), secret("same")))
                .isNotEqualTo(capabilitiesHash(hash, Fixtures.minimal("a", "team-b"), secret("same")));
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new ConfigHash(new byte[16])).hasMessageContaining("at least 32 bytes");
    }

    private static String capabilitiesHash(
            ConfigHash hash, dev.artie.operator.crd.ArtieDeployment artie, Secret secret) {
        var component = Component.CAPABILITIES;
        return hash.of(
                artie,
                ServiceConfig.plainEnv(artie, component),
                ServiceConfig.secretEnv(artie.getSpec(), component),
                name -> name.equals(secret.getMetadata().getName()) ? Optional.of(secret) : Optional.empty());
    }

    private static Secret secret(String apiKey) {
        return Fixtures.secret("artie-model", "ns", Map.of("api-key", apiKey));
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[ConfigHash.KEY_BYTES];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
