package dev.artie.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.metrics.MessageCounter.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is the one list of ports and environment variables: every variable a service's
 * configuration reads is listed there with the same default, nothing listed is unread, and each service's default
 * port is the documented one; the message outcomes counted are the ones docs/observability.md lists. (The seed
 * system's docs drifted from its code; this test is why ours cannot.)
 */
class DocsInStepTest {
    private static final Path ROOT = findRoot();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):-?");
    private static final Pattern VARIABLE_ROW =
            Pattern.compile("^\\| `([A-Z][A-Z0-9_]*)` \\| ([^|]+) \\| ([^|]*) \\| ([^|]+) \\|$");
    private static final Pattern PORT_ROW = Pattern.compile("^\\| ([a-z-]+) \\| (\\d+) \\| yes \\|$");

    record Documented(String services, String defaultValue) {}

    @Test
    void everyVariableTheServicesReadIsDocumentedWithItsDefault() throws IOException {
        Map<String, Documented> documented = documentedVariables();
        Map<String, List<String>> read = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Path file : configurationFiles()) {
            String service = serviceOf(file);
            String text = withoutComments(Files.readString(file));
            Matcher matcher = PLACEHOLDER.matcher(text);
            while (matcher.find()) {
                String variable = matcher.group(1);
                read.computeIfAbsent(variable, v -> new ArrayList<>()).add(service);
                defaults.put(variable, defaultAt(text, matcher.end()));
            }
        }

        assertThat(read.keySet())
                .as("variables read by application.yml / artie-shared.yml but missing from " + "docs/configuration.md")
                .isSubsetOf(documented.keySet());
        assertThat(documented.keySet())
                .as("variables listed in docs/configuration.md that no service reads")
                .isSubsetOf(read.keySet());
        read.forEach((variable, services) -> {
            Documented doc = documented.get(variable);
            for (String service : services) {
                assertThat(doc.services().equals("all") || doc.services().contains(service))
                        .as("docs say %s is read by '%s', but %s reads it", variable, doc.services(), service)
                        .isTrue();
            }
            if (!variable.equals("PORT")) {
                assertThat(expectedDefault(doc.defaultValue()))
                        .as("default of %s in docs/configuration.md vs the code", variable)
                        .isEqualTo(defaults.get(variable));
            }
        });
    }

    @Test
    void everyServiceListensOnItsDocumentedPort() throws IOException {
        Map<String, String> documentedPorts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("docs/configuration.md"))) {
            Matcher row = PORT_ROW.matcher(line.trim());
            if (row.matches()) {
                documentedPorts.put(row.group(1), row.group(2));
            }
        }
        Set<String> checked = new TreeSet<>();
        for (Path file : configurationFiles()) {
            String text = Files.readString(file);
            Matcher port = Pattern.compile("port: \\$\\{PORT:(\\d+)}").matcher(text);
            if (port.find()) {
                String service = serviceOf(file);
                assertThat(documentedPorts)
                        .as("docs/configuration.md port of %s", service)
                        .containsEntry(service, port.group(1));
                checked.add(service);
            }
        }
        assertThat(checked).as("services whose port was checked").contains("http-chat");
    }

    /** The outcomes artie_messages_total counts ({@link Outcome}) are the ones docs/observability.md lists. */
    @Test
    void everyMessageOutcomeIsDocumented() throws IOException {
        String text = Files.readString(ROOT.resolve("docs/observability.md"));
        String table = text.substring(
                text.indexOf("`outcome` values, and who counts them:"), text.indexOf("### Model and capabilities"));
        Set<String> documented = new TreeSet<>();
        table.lines().filter(line -> line.startsWith("| `")).forEach(line -> {
            Matcher tag = Pattern.compile("`([a-z_]+)`").matcher(line.substring(0, line.indexOf('|', 1)));
            while (tag.find()) {
                documented.add(tag.group(1));
            }
        });
        assertThat(documented)
                .as("outcomes in docs/observability.md vs MessageCounter.Outcome")
                .isEqualTo(
                        Stream.of(Outcome.values()).map(Outcome::tag).collect(Collectors.toCollection(TreeSet::new)));
    }

    private static String withoutComments(String yaml) {
        return yaml.lines()
                .filter(line -> !line.stripLeading().startsWith("#"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** The default as written in the docs, turned into what the YAML placeholder must say. */
    private static String expectedDefault(String documented) {
        String value = documented.trim();
        if (!value.startsWith("`")) {
            return ""; // "empty", or computed in code (e.g. from the host name)
        }
        return value.substring(1, value.lastIndexOf('`'));
    }

    /** Reads the default after "${NAME:", honouring nested placeholders and Micronaut's `backtick` quoting. */
    private static String defaultAt(String text, int start) {
        int depth = 1;
        int i = start;
        while (depth > 0) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
            i++;
        }
        String value = text.substring(start, i - 1);
        return value.startsWith("`") && value.endsWith("`") ? value.substring(1, value.length() - 1) : value;
    }

    private static Map<String, Documented> documentedVariables() throws IOException {
        Map<String, Documented> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("docs/configuration.md"))) {
            Matcher row = VARIABLE_ROW.matcher(line.trim());
            if (row.matches()) {
                assertThat(rows).as("%s is documented twice", row.group(1)).doesNotContainKey(row.group(1));
                rows.put(
                        row.group(1),
                        new Documented(row.group(2).trim(), row.group(3).trim()));
            }
        }
        assertThat(rows).as("variables parsed from docs/configuration.md").isNotEmpty();
        return rows;
    }

    private static List<Path> configurationFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("services"))) {
            List<Path> found = files.filter(p -> p.toString().contains("src/main/resources"))
                    .filter(p ->
                            p.getFileName().toString().matches("application\\.yml|artie-shared\\.yml|logback\\.xml"))
                    .sorted()
                    .toList();
            assertThat(found).as("configuration files found").isNotEmpty();
            return found;
        }
    }

    private static String serviceOf(Path file) {
        if (file.startsWith(ROOT.resolve("services/shared"))) {
            return "all";
        }
        // services/<service>/src/main/resources/application.yml
        return ROOT.resolve("services").relativize(file).getName(0).toString();
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/configuration.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (docs/configuration.md)");
        }
        return dir;
    }
}
