package dev.artie.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of docs/architecture.md ("Modules and what each may use"), over every module's production
 * classes: Maven keeps a module from compiling against one it does not depend on, and these keep the dependencies
 * themselves to the table.
 */
class ModuleRulesTest {
    /** Each module's root package and the other modules it may use. */
    static final Map<String, List<String>> MAY_USE = Map.of(
            "catalogue", List.of(),
            "local", List.of(),
            "shared", List.of("catalogue"),
            "capabilities", List.of("shared", "catalogue"),
            "httpchat", List.of("shared", "catalogue"),
            "discord", List.of("shared", "catalogue"),
            "sms", List.of("shared", "catalogue"),
            "email", List.of("shared", "catalogue"),
            "cli", List.of("shared", "capabilities", "local", "catalogue"),
            "operator", List.of("catalogue"));

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        // Test jars (the shared and capabilities ones come with those modules) hold the test helpers: left out.
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages("dev.artie");
    }

    @Test
    void eachModuleUsesOnlyTheModulesItMayUse() {
        for (Map.Entry<String, List<String>> module : MAY_USE.entrySet()) {
            List<String> forbidden = new ArrayList<>();
            for (String other : MAY_USE.keySet()) {
                if (!other.equals(module.getKey()) && !module.getValue().contains(other)) {
                    forbidden.add("dev.artie." + other + "..");
                }
            }
            ArchRule rule = noClasses()
                    .that()
                    .resideInAPackage("dev.artie." + module.getKey() + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because("docs/architecture.md: " + module.getKey() + " may use " + module.getValue());
            rule.check(production);
        }
    }

    /** The table of docs/architecture.md and {@link #MAY_USE} say the same. */
    @Test
    void theDocsTableStatesTheseRules() throws Exception {
        Map<String, List<String>> documented = new HashMap<>();
        Pattern row = Pattern.compile("\\| `[^`]+` \\| `dev\\.artie\\.(\\w+)` \\| ([^|]+) \\|");
        for (String line : Files.readAllLines(Path.of("..", "docs", "architecture.md"))) {
            Matcher matcher = row.matcher(line);
            if (matcher.matches()) {
                String uses = matcher.group(2).strip();
                documented.put(matcher.group(1), uses.equals("(none)") ? List.of() : List.of(uses.split(", ")));
            }
        }
        assertThat(documented).isEqualTo(MAY_USE);
    }

    @Test
    void everyModuleIsImported() {
        for (String module : MAY_USE.keySet()) {
            assertThat(production.containPackage("dev.artie." + module))
                    .as("classes of %s found", module)
                    .isTrue();
        }
    }

    @Test
    void noPackageCyclesBetweenTheModules() {
        slices().matching("dev.artie.(*)..").should().beFreeOfCycles().check(production);
    }
}
