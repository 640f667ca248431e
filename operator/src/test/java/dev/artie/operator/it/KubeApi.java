package dev.artie.operator.it;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * One real kube-apiserver + etcd per test JVM (fabric8 kube-api-test, offline), from the binaries in
 * $ARTIE_KUBE_BINARIES (scripts/kube-test-binaries.sh). Tests using it are skipped when that is unset.
 */
public final class KubeApi {
  public static final String BINARIES_ENV = "ARTIE_KUBE_BINARIES";
  public static final String SKIP_REASON = "ARTIE_KUBE_BINARIES is not set: skipping the tests on a real API server."
      + " Run: export ARTIE_KUBE_BINARIES=$(scripts/kube-test-binaries.sh)";
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

  /** The shared API server; skips the calling test when ARTIE_KUBE_BINARIES is not set. */
  public static synchronized KubeApi get() {
    String dir = System.getenv(BINARIES_ENV);
    Assumptions.assumeTrue(dir != null && !dir.isBlank(), SKIP_REASON);
    if (instance == null) {
      try {
        instance = new KubeApi(Path.of(dir).toAbsolutePath());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
  }

  /** A client acting as the given ServiceAccount (impersonation; the admin client may impersonate). */
  public KubernetesClient clientAs(String namespace, String serviceAccount) {
    Config config = Config.fromKubeconfig(server.getKubeConfigYaml());
    config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
    config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
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
