package dev.artie.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.operator.RepoFiles;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/operator.md lists every spec field of the generated CRD once, with its type and default. */
class CrdDocsTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(spec\\.[^`]+)` \\| ([^|]+) \\| ([^|]*) \\|.*\\|\\s*$");

    @Test
    void docsListEveryGeneratedSpecField() {
        List<String> generated = CrdFields.specFields(GeneratedCrd.yaml()).stream()
                .map(f -> f.path() + " | " + f.type() + " | " + f.defaultValue())
                .toList();
        List<String> documented = RepoFiles.read("docs/operator.md")
                .lines()
                .map(ROW::matcher)
                .filter(java.util.regex.Matcher::matches)
                .map(m -> m.group(1) + " | " + m.group(2).trim() + " | "
                        + m.group(3).trim().replace("`", ""))
                .toList();
        assertThat(documented)
                .as(
                        "docs/operator.md 'Spec fields' table (| `path` | type | `default` | meaning |) must list exactly the"
                                + " generated CRD's spec fields, each once")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(generated);
    }
}
