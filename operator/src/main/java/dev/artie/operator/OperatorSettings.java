package dev.artie.operator;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's own settings, from the environment (docs/operator.md lists them).
 *
 * @param port port of /metrics and /health
 * @param namespaces namespaces to watch; empty means all
 * @param leaderElection whether to run only while holding the Lease
 * @param leaseNamespace the operator's own namespace: of the Lease and of the Secret ConfigHashKey keeps
 * @param exitOnLeaseLoss end the process when the Lease is lost, so a deposed leader never reconciles
 *     again (true in a pod; tests that stop the operator in-process use false)
 */
public record OperatorSettings(
        int port, Set<String> namespaces, boolean leaderElection, String leaseNamespace, boolean exitOnLeaseLoss) {
    public static final String LEASE_NAME = "artie-operator";

    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        int port = Integer.parseInt(env.getOrDefault("ARTIE_OPERATOR_PORT", "8090"));
        Set<String> namespaces = Arrays.stream(
                        env.getOrDefault("ARTIE_OPERATOR_NAMESPACES", "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        boolean leaderElection = Boolean.parseBoolean(env.getOrDefault("ARTIE_OPERATOR_LEADER_ELECTION", "true"));
        String leaseNamespace =
                env.getOrDefault("ARTIE_OPERATOR_LEASE_NAMESPACE", env.getOrDefault("POD_NAMESPACE", "default"));
        return new OperatorSettings(port, namespaces, leaderElection, leaseNamespace, true);
    }
}
