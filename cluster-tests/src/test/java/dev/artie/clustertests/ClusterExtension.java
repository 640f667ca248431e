package dev.artie.clustertests;

import dev.artie.operator.it.KubeApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Gives the tests a {@link Cluster}, once per run: the cluster a person names (KUBECONFIG, ARTIE_TEST_REGISTRY,
 * ARTIE_TEST_HOST_IP), or else the one-node test cluster; with Artie's images built and pushed to its registry.
 * When the cluster cannot be had the tier is skipped with the reason, except on CI (CI=true), where it fails.
 */
public final class ClusterExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(ClusterExtension.class);
    /** Set to true when the images of this version are already in the registry (e.g. pushed by hand). */
    static final String IMAGES_PUSHED = "ARTIE_TEST_IMAGES_PUSHED";
    /** The managed Redis image pods can pull; unset: redis:7.4-alpine, or the stand-in on a registry of this host. */
    static final String REDIS_IMAGE = "ARTIE_TEST_REDIS_IMAGE";

    @Override
    public void beforeAll(ExtensionContext context) {
        Run run = context.getRoot()
                .getStore(STORE)
                .getOrComputeIfAbsent(Run.class, key -> Run.start(System.getenv()), Run.class);
        if (run.failure != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(
                        "CI=true and the cluster tier cannot run: " + run.failure.getMessage(), run.failure);
            }
            throw new TestAbortedException("skipping the cluster tier: " + run.failure.getMessage());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Cluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(STORE).get(Run.class, Run.class).cluster;
    }

    /** One run's cluster: stopped (when this run started it) once every test class is done. */
    static final class Run implements ExtensionContext.Store.CloseableResource {
        private final ClusterSource source;
        private final Cluster cluster;
        private final RuntimeException failure;

        private Run(ClusterSource source, Cluster cluster, RuntimeException failure) {
            this.source = source;
            this.cluster = cluster;
            this.failure = failure;
        }

        static Run start(Map<String, String> env) {
            ClusterSource source = ClusterSource.choose(env);
            try {
                Path binaries = kubeBinaries(env);
                System.out.println("[cluster-tests] using " + source.describe());
                long start = System.nanoTime();
                ClusterAccess access = source.start();
                System.out.printf(
                        "[cluster-tests] cluster up in %d s: KUBECONFIG=%s registry=%s host=%s%n",
                        seconds(start), access.kubeconfig(), access.registry(), access.hostIp());
                if (!"true".equalsIgnoreCase(env.get(IMAGES_PUSHED))) {
                    start = System.nanoTime();
                    pushImages(access.registry());
                    System.out.printf(
                            "[cluster-tests] images built and pushed to %s in %d s%n",
                            access.registry(), seconds(start));
                }
                return new Run(source, new Cluster(access, binaries, redisImage(env, access.registry())), null);
            } catch (RuntimeException e) {
                System.out.println("[cluster-tests] the cluster tier cannot run: " + e.getMessage());
                source.close();
                return new Run(source, null, e);
            }
        }

        @Override
        public void close() {
            if (cluster != null) {
                cluster.close();
            }
            source.close();
        }
    }

    /** kubectl and helm: from ARTIE_KUBE_BINARIES, or scripts/kube-test-binaries.sh (its last stdout line). */
    private static Path kubeBinaries(Map<String, String> env) {
        String dir = env.get(KubeApi.BINARIES_ENV);
        if (dir == null || dir.isBlank()) {
            List<String> lines = RepoCommand.succeed(
                            Duration.ofMinutes(45), "kube-test-binaries", "scripts/kube-test-binaries.sh")
                    .lines()
                    .toList();
            dir = lines.isEmpty() ? "" : lines.getLast().strip();
        }
        Path binaries = Path.of(dir);
        if (!Files.isExecutable(binaries.resolve("kubectl")) || !Files.isExecutable(binaries.resolve("helm"))) {
            throw new IllegalStateException("no kubectl and helm in " + binaries);
        }
        return binaries;
    }

    /**
     * A registry on this host (the test cluster's) means no other registry is reachable, so redis:7.4-alpine
     * cannot be pulled either: the stand-in of scripts/base-image.sh is pushed there (docs/kubernetes.md).
     */
    private static String redisImage(Map<String, String> env, String registry) {
        String named = env.get(REDIS_IMAGE);
        if (named != null && !named.isBlank()) {
            return named;
        }
        if (!registry.startsWith("localhost:") && !registry.startsWith("127.0.0.1:")) {
            return null;
        }
        List<String> lines = RepoCommand.succeed(
                        Duration.ofMinutes(15), "redis-image", "scripts/base-image.sh", "redis", "--push", registry)
                .lines()
                .toList();
        return lines.getLast().strip();
    }

    /** `./artie images --registry R`: every image built by Jib and pushed where the cluster pulls from. */
    private static void pushImages(String registry) {
        RepoCommand.succeed(Duration.ofMinutes(30), "images", "./artie", "images", "--registry", registry);
    }

    private static long seconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }
}
