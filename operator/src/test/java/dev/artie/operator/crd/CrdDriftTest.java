package dev.artie.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.operator.RepoFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed CRDs (crds/ and the chart's crds/) are exactly what the generator makes from the model. */
class CrdDriftTest {
    static final String HOW_TO_REGENERATE =
            "The committed CRD differs from the one generated from dev.artie.operator.crd."
                    + " Regenerate it with: ./mvnw -pl operator test -Dtest=CrdDriftTest -Dartie.regenerate=true";

    @ParameterizedTest
    @ValueSource(strings = {"crds/", "charts/artie-operator/crds/"})
    void committedCrdMatchesGenerated(String dir) {
        String generated = GeneratedCrd.yaml();
        if (RepoFiles.REGENERATE) {
            RepoFiles.write(dir + GeneratedCrd.FILE, generated);
        }
        assertThat(RepoFiles.path(dir + GeneratedCrd.FILE))
                .as(HOW_TO_REGENERATE)
                .exists();
        assertThat(RepoFiles.read(dir + GeneratedCrd.FILE))
                .as(HOW_TO_REGENERATE)
                .isEqualTo(generated);
    }
}
