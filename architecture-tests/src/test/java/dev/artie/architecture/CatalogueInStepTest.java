package dev.artie.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.catalogue.ArtieService;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What cannot read the catalogue ({@link ArtieService}) says what it says (docs/architecture.md, "The service
 * catalogue"): each service's own configuration and the docs tables of services.
 */
class CatalogueInStepTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void eachServiceNamesItselfAndListensOnItsPortUnlessPortIsSet() throws IOException {
        for (ArtieService service : ArtieService.values()) {
            Path file = ROOT.resolve("services/" + service.id() + "/src/main/resources/application.yml");
            Map<String, Object> micronaut;
            try (Reader reader = Files.newBufferedReader(file)) {
                micronaut = section(new Yaml().load(reader), "micronaut");
            }
            assertThat(section(micronaut, "application").get("name"))
                    .as(file.toString())
                    .isEqualTo(service.id());
            assertThat(section(micronaut, "server").get("port"))
                    .as(file.toString())
                    .isEqualTo("${PORT:" + service.port() + "}");
        }
    }

    /** configuration.md, Ports: {@code | service | default port | $PORT honoured |}, the operator's row aside. */
    @Test
    void theConfigurationPortsTableListsEveryServiceAndItsPort() throws IOException {
        List<String> rows =
                rows("configuration.md", "## Ports", Pattern.compile("\\| ([a-z-]+) \\| (\\d+) \\| yes \\|"));
        assertThat(rows)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ArtieService.values())
                        .map(s -> s.id() + " " + s.port())
                        .toList());
    }

    /** local-stack.md: {@code | service | port | jar | starts when |}, in start order. */
    @Test
    void theLocalStackTableListsEveryServiceItsPortJarAndCredentials() throws IOException {
        List<String> rows = rows(
                "local-stack.md",
                "| service | port | jar | starts when |",
                Pattern.compile(
                        "\\| ([a-z-]+) \\| (\\d+) \\| `services/([a-z-]+)/target/artie-([a-z-]+)-[^`]+-all\\.jar` \\| (.+) \\|"));
        assertThat(rows)
                .containsExactlyElementsOf(Arrays.stream(ArtieService.values())
                        .map(s -> String.join(" ", s.id(), String.valueOf(s.port()), s.id(), s.id(), startsWhen(s)))
                        .toList());
    }

    /** The shell scripts that build every service before any Java runs list them themselves. */
    @Test
    void theBuildScriptsListEveryService() throws IOException {
        List<String> ids =
                Arrays.stream(ArtieService.values()).map(ArtieService::id).toList();
        assertThat(shellArray("artie", "SERVICES")).containsExactlyElementsOf(ids);
        List<String> modules =
                new ArrayList<>(ids.stream().map(id -> "services/" + id).toList());
        modules.add("operator");
        assertThat(shellArray("scripts/images.sh", "MODULES")).containsExactlyElementsOf(modules);
    }

    private static List<String> shellArray(String script, String name) throws IOException {
        Matcher matcher =
                Pattern.compile("(?m)^" + name + "=\\(([^)]*)\\)$").matcher(Files.readString(ROOT.resolve(script)));
        assertThat(matcher.find()).as("%s sets %s=(...)", script, name).isTrue();
        return List.of(matcher.group(1).strip().split("\\s+"));
    }

    /** "always", or "`A` is set" / "`A` and `B` are set", followed by anything else the row says. */
    private static String startsWhen(ArtieService service) {
        List<String> credentials =
                service.credentials().stream().map(c -> "`" + c + "`").toList();
        return switch (credentials.size()) {
            case 0 -> "always";
            case 1 -> credentials.get(0) + " is set";
            default -> String.join(" and ", credentials) + " are set";
        };
    }

    /**
     * The matching rows of the first table after {@code heading}, each as its groups joined by spaces; the last
     * group of local-stack.md's rows is cut after "set" (what else a channel needs follows in brackets).
     */
    private static List<String> rows(String doc, String heading, Pattern row) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("docs").resolve(doc));
        int start = -1;
        for (int i = 0; i < lines.size() && start < 0; i++) {
            if (lines.get(i).strip().equals(heading)) {
                start = i;
            }
        }
        assertThat(start).as("%s has %s", doc, heading).isNotNegative();
        List<String> found = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            String cell = line.strip();
            if (cell.startsWith("|")) {
                inTable = true;
                Matcher matcher = row.matcher(cell);
                if (matcher.matches()) {
                    List<String> groups = new ArrayList<>();
                    for (int g = 1; g <= matcher.groupCount(); g++) {
                        groups.add(matcher.group(g).replaceFirst("(set|always)\\b.*", "$1"));
                    }
                    found.add(String.join(" ", groups));
                }
            } else if (inTable) {
                break;
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> yaml, String key) {
        assertThat(yaml).containsKey(key);
        return (Map<String, Object>) yaml.get(key);
    }
}
