package dev.artie.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.local.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Renders the chart with the real helm binary and applies YAML with the real kubectl. */
public final class Helm {
    public static final String CHART = "charts/artie-operator";
    public static final String RELEASE = "artie-operator";
    public static final String NAMESPACE = "artie-system";

    private Helm() {}

    static String template(KubeApi api, String... extraArgs) {
        var args = new ArrayList<>(List.of("template", RELEASE, CHART, "--namespace", NAMESPACE));
        args.addAll(List.of(extraArgs));
        var result = KubeCommands.run(api.binary("helm"), args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }

    static Processes.Result kubectl(KubeApi api, String... args) {
        return api.commands().kubectl(args);
    }

    static Path tempYaml(String yaml) {
        try {
            Path file = Files.createTempFile("artie-chart", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
