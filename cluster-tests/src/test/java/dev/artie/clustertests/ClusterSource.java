package dev.artie.clustertests;

import dev.artie.local.Processes;
import java.time.Duration;
import java.util.Map;

/**
 * Where the cluster of a run comes from. One suite, a choice of cluster: a cluster a person names, or the one-node
 * cluster of scripts/test-cluster.sh. A k3s container (Testcontainers' k3s module, where a Docker engine exists)
 * would be one more implementation: start the container, write its kubeconfig, name a registry it pulls from and
 * the Docker host's address.
 */
interface ClusterSource extends AutoCloseable {
    ClusterAccess start();

    /** Stops what {@link #start} started, nothing else. */
    @Override
    void close();

    String describe();

    /** The named cluster when the environment names one, otherwise the test cluster. */
    static ClusterSource choose(Map<String, String> env) {
        ClusterAccess named = ClusterAccess.fromEnvironment(env);
        return named != null ? new Named(named) : new ScriptedTestCluster();
    }

    /** A cluster someone else started: used as it is, never stopped. */
    record Named(ClusterAccess access) implements ClusterSource {
        @Override
        public ClusterAccess start() {
            return access;
        }

        @Override
        public void close() {}

        @Override
        public String describe() {
            return "the cluster of KUBECONFIG=" + access.kubeconfig() + " (registry " + access.registry() + ")";
        }
    }

    /** scripts/test-cluster.sh: reuses a cluster that is already up (and leaves it up), else starts and stops one. */
    final class ScriptedTestCluster implements ClusterSource {
        private static final Duration UP_TIMEOUT = Duration.ofMinutes(45);
        private boolean startedHere;

        @Override
        public ClusterAccess start() {
            Processes.Result status = script(Duration.ofMinutes(1), "status");
            if (status.exitCode() == 0) {
                return ClusterAccess.fromKeyValueLines(status.output());
            }
            startedHere = true;
            Processes.Result up = script(UP_TIMEOUT, "up");
            if (up.exitCode() != 0) {
                throw new IllegalStateException(
                        "scripts/test-cluster.sh up failed (exit " + up.exitCode() + "):\n" + up.output());
            }
            return ClusterAccess.fromKeyValueLines(up.output());
        }

        @Override
        public void close() {
            if (startedHere) {
                script(Duration.ofMinutes(2), "down");
            }
        }

        @Override
        public String describe() {
            return "the one-node test cluster of scripts/test-cluster.sh";
        }

        private static Processes.Result script(Duration timeout, String command) {
            return RepoCommand.run(timeout, "test-cluster-" + command, "scripts/test-cluster.sh", command);
        }
    }
}
