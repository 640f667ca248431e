package dev.artie.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** How the API-server tests find their binaries without ./artie test, and that CI never skips them. */
class KubeBinariesTest {
    @TempDir
    Path cache;

    @Test
    void theVariableWins() {
        assertThat(KubeApi.locateBinaries(Map.of(KubeApi.BINARIES_ENV, "/opt/kube")))
                .contains(Path.of("/opt/kube"));
    }

    @Test
    void withoutBinariesTheTestsAreSkippedButFailUnderCi() {
        var env = scriptEnv();
        assertThat(KubeApi.locateBinaries(env)).isEmpty();
        assertThatThrownBy(() -> KubeApi.binariesOrSkip(env))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("Skipping");
        env.put("CI", "true");
        assertThatThrownBy(() -> KubeApi.binariesOrSkip(env))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CI=true: failing rather than skipping")
                .hasMessageContaining(KubeApi.SCRIPT);
    }

    @Test
    void binariesInTheScriptsCacheAreFoundWithoutTheVariable() throws IOException {
        Path real = KubeApi.binariesOrSkip(System.getenv());
        Path dir = cache.resolve("kube/k8s").resolve(real.getFileName());
        Files.createDirectories(dir);
        for (String binary : new String[] {"kube-apiserver", "etcd", "kubectl", "helm"}) {
            Files.createSymbolicLink(dir.resolve(binary), real.resolve(binary));
        }
        Files.writeString(dir.resolve(".complete"), "test");
        assertThat(KubeApi.locateBinaries(scriptEnv())).contains(dir);
    }

    /** The script's environment with its cache in the temporary directory and no ARTIE_KUBE_BINARIES. */
    private Map<String, String> scriptEnv() {
        var env = new HashMap<String, String>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", cache.toString());
        env.put("ARTIE_CACHE", cache.toString());
        return env;
    }
}
