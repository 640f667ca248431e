package dev.artie.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Renders the chart with the real helm binary and applies YAML with the real kubectl. */
final class Helm {
  static final String CHART = "charts/artie-operator";
  static final String RELEASE = "artie-operator";
  static final String NAMESPACE = "artie-system";

  private Helm() {}

  static String template(KubeApi api, String... extraArgs) {
    var args = new ArrayList<>(List.of("template", RELEASE, CHART, "--namespace", NAMESPACE));
    args.addAll(List.of(extraArgs));
    var result = Processes.run(api.binary("helm"), args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output();
  }

  static Processes.Result kubectl(KubeApi api, String... args) {
    var all = new ArrayList<>(List.of("--kubeconfig", api.kubeconfig().toString()));
    all.addAll(List.of(args));
    return Processes.run(api.binary("kubectl"), all.toArray(String[]::new));
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
