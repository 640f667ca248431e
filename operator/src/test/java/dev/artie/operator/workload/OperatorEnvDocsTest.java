package dev.artie.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.operator.Fixtures;
import dev.artie.operator.RepoFiles;
import dev.artie.operator.dependent.ComponentDeployments;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every variable the operator gives a container is documented: in configuration.md or operator.md's channel table. */
class OperatorEnvDocsTest {
    private static final Pattern VARIABLE_ROW = Pattern.compile("^\\| `([A-Z][A-Z0-9_]*)` \\|.*");

    @Test
    void everyVariableTheOperatorSetsIsDocumented() {
        var full = Fixtures.fromYaml(RepoFiles.read("k8s/examples/full.yaml"));
        full.getMetadata().setNamespace("ns");
        var set = new TreeSet<String>();
        for (Component component : Component.values()) {
            ComponentDeployments.desired(full, component, name -> Optional.empty(), Fixtures.CONFIG_HASH)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .getFirst()
                    .getEnv()
                    .forEach(e -> set.add(e.getName()));
        }
        Set<String> documented = new TreeSet<>();
        for (String doc : new String[] {"docs/configuration.md", "docs/operator.md"}) {
            RepoFiles.read(doc)
                    .lines()
                    .map(VARIABLE_ROW::matcher)
                    .filter(java.util.regex.Matcher::matches)
                    .forEach(m -> documented.add(m.group(1)));
        }
        assertThat(set).contains("ARTIE_DISCORD_TOKEN", "ARTIE_EMAIL_PASSWORD", "REDIS_URL", "PORT");
        assertThat(documented)
                .as("variables documented in docs/configuration.md or docs/operator.md")
                .containsAll(set);
    }
}
