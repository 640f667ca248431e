package dev.artie.clustertests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.local.Processes;
import dev.artie.operator.it.KubeCommands;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real cluster as the tests drive it: the real kubectl and helm for what a person would type, a fabric8 client
 * for reading back what happened.
 */
public final class Cluster implements AutoCloseable {
    /** Label that makes the API server enforce the restricted Pod Security Standard on a namespace. */
    static final String RESTRICTED = "pod-security.kubernetes.io/enforce=restricted";

    static final Duration READY_TIMEOUT = Duration.ofMinutes(10);

    private final ClusterAccess access;
    private final KubeCommands commands;
    private final KubernetesClient client;
    private final String redisImage;

    Cluster(ClusterAccess access, Path binaries, String redisImage) {
        this.access = access;
        this.redisImage = redisImage;
        this.commands = new KubeCommands(binaries, access.kubeconfig());
        try {
            this.client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(access.kubeconfig())))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ClusterAccess access() {
        return access;
    }

    /** The managed Redis image to give the operator, or null for the chart's default. */
    public String redisImage() {
        return redisImage;
    }

    public KubernetesClient client() {
        return client;
    }

    public KubeCommands commands() {
        return commands;
    }

    /** kubectl, which must succeed; its output. */
    public String kubectl(String... args) {
        return succeeded("kubectl", commands.kubectl(READY_TIMEOUT, args));
    }

    /** kubectl, whatever its exit code. */
    public Processes.Result tryKubectl(String... args) {
        return commands.kubectl(READY_TIMEOUT, args);
    }

    public String helm(String... args) {
        return succeeded("helm", commands.helm(READY_TIMEOUT, args));
    }

    /** A new namespace, with the restricted Pod Security Standard enforced, as the tests' pods must pass it. */
    public String createNamespace(String prefix) {
        String name =
                prefix + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
        ensureNamespace(name);
        return name;
    }

    /** Creates the namespace unless it exists, and enforces the restricted standard on it either way. */
    public void ensureNamespace(String name) {
        if (client.namespaces().withName(name).get() == null) {
            kubectl("create", "namespace", name);
        }
        kubectl("label", "namespace", name, RESTRICTED, "--overwrite");
    }

    /** `kubectl wait --for=condition=Ready` on an ArtieDeployment; how long it took. */
    public Duration waitReady(String namespace, String name) {
        long start = System.nanoTime();
        kubectl(
                "wait",
                "--for=condition=Ready",
                "artiedeployment/" + name,
                "-n",
                namespace,
                "--timeout=" + READY_TIMEOUT.toSeconds() + "s");
        return Duration.ofNanos(System.nanoTime() - start);
    }

    public PortForward portForward(String namespace, String target, int port) {
        return PortForward.open(commands, namespace, target, port);
    }

    static Path tempYaml(String yaml) {
        try {
            Path file = Files.createTempFile("artie-cluster-test", ".yaml");
            Files.writeString(file, yaml);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String succeeded(String tool, Processes.Result result) {
        assertThat(result.exitCode())
                .as("%s failed:%n%s", tool, result.output())
                .isZero();
        return result.output();
    }

    @Override
    public void close() {
        client.close();
    }
}
