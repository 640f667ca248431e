package dev.artie.operator.it;

import dev.artie.operator.RepoFiles;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * One real kube-apiserver + etcd per test JVM (fabric8 kube-api-test, offline), from the binaries in
 * $ARTIE_KUBE_BINARIES or else in the cache scripts/kube-test-binaries.sh fills (found by its --check, so
 * a plain `./mvnw verify` or an IDE runs these tests too). Without binaries the tests are skipped, or fail
 * when CI=true: a CI run must not pass by running none of them.
 */
public final class KubeApi {
    public static final String BINARIES_ENV = "ARTIE_KUBE_BINARIES";
    static final String SCRIPT = "scripts/kube-test-binaries.sh";
    public static final String MISSING = "No Kubernetes test binaries: " + BINARIES_ENV + " is not set and " + SCRIPT
            + " --check finds none in its cache. Build them once with: " + SCRIPT;
    private static KubeApi instance;

    private final KubeAPIServer server;
    private final Path kubeconfig;
    private final Path binaries;

    private KubeApi(Path binaries) throws IOException {
        this.binaries = binaries;
        // kube-api-test looks for <testDir>/k8s/<version>-<os>-<arch>/ and writes its certificates into
        // <testDir>, so each JVM gets its own testDir linking to the shared binaries.
        Path testDir = Files.createTempDirectory("artie-kube-api-test");
        Files.createSymbolicLink(testDir.resolve("k8s"), binaries.getParent());
        String version = binaries.getFileName().toString().replaceFirst("-[a-z]+-[a-z0-9]+$", "");
        server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(testDir.toString())
                .withApiServerVersion(version)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(120_000)
                .build());
        server.start();
        kubeconfig = testDir.resolve("kubeconfig");
        Files.writeString(kubeconfig, server.getKubeConfigYaml());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "kube-api-test-stop"));
    }

    /** The shared API server; without binaries skips the calling tests, or fails them under CI. */
    public static synchronized KubeApi get() {
        if (instance == null) {
            try {
                instance = new KubeApi(binariesOrSkip(System.getenv()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    static Path binariesOrSkip(Map<String, String> env) {
        var binaries = locateBinaries(env);
        if (binaries.isEmpty() && "true".equalsIgnoreCase(env.get("CI"))) {
            throw new IllegalStateException(MISSING + " (CI=true: failing rather than skipping these tests)");
        }
        Assumptions.assumeTrue(binaries.isPresent(), MISSING + " Skipping the tests on a real API server.");
        return binaries.get();
    }

    /** $ARTIE_KUBE_BINARIES, else what the script's --check prints: it alone knows its cache's layout. */
    public static Optional<Path> locateBinaries(Map<String, String> env) {
        String dir = env.get(BINARIES_ENV);
        if (dir != null && !dir.isBlank()) {
            return Optional.of(Path.of(dir).toAbsolutePath());
        }
        try {
            var check = new ProcessBuilder(RepoFiles.path(SCRIPT).toString(), "--check")
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            check.environment().clear();
            check.environment().putAll(env);
            Process process = check.start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0 || out.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(Path.of(out.lines().reduce((first, last) -> last).orElseThrow()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + SCRIPT + " --check", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public KubernetesClient newClient() {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
                .build();
    }

    /** A client acting as the given ServiceAccount (impersonation; the admin client may impersonate). */
    public KubernetesClient clientAs(String namespace, String serviceAccount) {
        Config config = Config.fromKubeconfig(server.getKubeConfigYaml());
        config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
        config.setImpersonateGroups(
                "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public Path binary(String name) {
        return binaries.resolve(name);
    }

    public KubeCommands commands() {
        return new KubeCommands(binaries, kubeconfig);
    }
}
