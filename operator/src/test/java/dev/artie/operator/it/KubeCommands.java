package dev.artie.operator.it;

import dev.artie.local.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real kubectl and helm from one binaries directory (scripts/kube-test-binaries.sh) against one cluster's
 * kubeconfig: the API-server tests' and the cluster tests' (cluster-tests uses this through the test-jar).
 */
public record KubeCommands(Path binaries, Path kubeconfig) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public Processes.Result kubectl(String... args) {
        return kubectl(DEFAULT_TIMEOUT, args);
    }

    public Processes.Result kubectl(Duration timeout, String... args) {
        return run(timeout, binary("kubectl"), withKubeconfig(args));
    }

    public Processes.Result helm(Duration timeout, String... args) {
        return run(timeout, binary("helm"), withKubeconfig(args));
    }

    /** Runs {@code program} in the repository's root, as a person would from there. */
    public static Processes.Result run(Path program, String... args) {
        return run(DEFAULT_TIMEOUT, program, args);
    }

    public static Processes.Result run(Duration timeout, Path program, String... args) {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        return Processes.run(dev.artie.operator.RepoFiles.root(), timeout, command);
    }

    public Path binary(String name) {
        return binaries.resolve(name);
    }

    private String[] withKubeconfig(String... args) {
        var all = new ArrayList<>(List.of("--kubeconfig", kubeconfig.toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }
}
