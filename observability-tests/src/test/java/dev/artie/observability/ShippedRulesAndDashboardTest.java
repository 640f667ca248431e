package dev.artie.observability;

import static dev.artie.observability.Observability.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artie.local.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules and the dashboard as shipped: promtool checks and unit-tests the rules (each alert firing and
 * not firing), the chart renders them from the one copy, and docs/observability.md explains all of them.
 */
class ShippedRulesAndDashboardTest {

    @Test
    void promtoolChecksTheRules() {
        Path promtool = promtool();
        var result =
                Processes.run(REPO, Duration.ofSeconds(120), promtool.toString(), "check", "rules", RULES.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + rules().size() + " rules found");
    }

    @Test
    void promtoolUnitTestsPass() {
        Path promtool = promtool();
        var result = Processes.run(
                REPO, Duration.ofSeconds(120), promtool.toString(), "test", "rules", RULE_TESTS.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasACaseThatFiresAndOneThatDoesNot() {
        Set<String> fires = new HashSet<>();
        Set<String> staysQuiet = new HashSet<>();
        Map<String, Object> tests = yaml(RULE_TESTS);
        assertThat((List<String>) tests.get("rule_files")).containsExactly("artie-alerts.rules.yml");
        for (Map<String, Object> test : (List<Map<String, Object>>) tests.get("tests")) {
            for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
                List<?> expected = (List<?>) check.get("exp_alerts");
                (expected == null || expected.isEmpty() ? staysQuiet : fires).add((String) check.get("alertname"));
            }
        }
        for (Map<String, Object> rule : rules()) {
            String alert = (String) rule.get("alert");
            assertThat(alert).as("only alerting rules (no recording rules yet)").isNotNull();
            assertThat(fires).as("a promtool case where %s fires", alert).contains(alert);
            assertThat(staysQuiet)
                    .as("a promtool case where %s does not fire", alert)
                    .contains(alert);
            Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
            assertThat(annotations)
                    .as("%s tells the person on call what happened", alert)
                    .containsKeys("summary", "description");
            assertThat(((Map<String, String>) rule.get("labels")).get("severity"))
                    .isIn("critical", "warning");
        }
    }

    @Test
    void thePlainRulesFileIsTheChartsFile() throws Exception {
        assertThat(Files.isSameFile(PLAIN_RULES, RULES))
                .as("%s links to %s (one copy)", PLAIN_RULES, RULES)
                .isTrue();
        assertThat(read(REPO.resolve("charts/artie-operator/templates/prometheusrule.yaml")))
                .contains(".Files.Get \"monitoring/artie-alerts.rules.yml\"");
        assertThat(read(REPO.resolve("charts/artie-operator/templates/grafana-dashboard.yaml")))
                .contains(".Files.Get \"dashboards/artie.json\"")
                .contains("grafana_dashboard: \"1\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theChartRendersThePrometheusRuleAndTheDashboardFromThoseFiles() {
        Optional<Path> helm = helm();
        assumeTrue(
                helm.isPresent(),
                "helm not found (PATH or ARTIE_KUBE_BINARIES; scripts/kube-test-binaries.sh"
                        + " fetches it): the chart's rendering is not checked");
        var off = Processes.run(
                REPO,
                Duration.ofSeconds(120),
                helm.get().toString(),
                "template",
                "artie-operator",
                "charts/artie-operator");
        assertThat(off.exitCode()).as(off.output()).isZero();
        assertThat(off.output())
                .as("off by default")
                .doesNotContain("PrometheusRule")
                .doesNotContain("grafana_dashboard");

        var on = Processes.run(
                REPO,
                Duration.ofSeconds(120),
                helm.get().toString(),
                "template",
                "artie-operator",
                "charts/artie-operator",
                "--namespace",
                "artie-system",
                "--set",
                "prometheusRule.enabled=true",
                "--set",
                "prometheusRule.labels.release=kube-prometheus-stack",
                "--set",
                "grafanaDashboard.enabled=true",
                "--set",
                "grafanaDashboard.namespace=monitoring");
        assertThat(on.exitCode()).as(on.output()).isZero();
        Map<String, Object> rule = null;
        Map<String, Object> dashboard = null;
        for (Object doc : new Yaml().loadAll(on.output())) {
            if (doc instanceof Map<?, ?> map && "PrometheusRule".equals(map.get("kind"))) {
                rule = (Map<String, Object>) map;
            }
            if (doc instanceof Map<?, ?> map
                    && "ConfigMap".equals(map.get("kind"))
                    && ((Map<String, Object>) map.get("metadata"))
                            .get("name")
                            .toString()
                            .endsWith("-dashboard")) {
                dashboard = (Map<String, Object>) map;
            }
        }
        assertThat(rule).as("a PrometheusRule").isNotNull();
        assertThat(((Map<String, Object>) rule.get("metadata")).get("labels"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("release", "kube-prometheus-stack");
        assertThat(((Map<String, Object>) rule.get("spec")).get("groups"))
                .isEqualTo(yaml(RULES).get("groups"));

        assertThat(dashboard).as("the dashboard ConfigMap").isNotNull();
        Map<String, Object> meta = (Map<String, Object>) dashboard.get("metadata");
        assertThat(meta.get("namespace")).isEqualTo("monitoring");
        assertThat((Map<String, Object>) meta.get("labels")).containsEntry("grafana_dashboard", "1");
        String json = ((Map<String, String>) dashboard.get("data")).get("artie.json");
        assertThat(readJsonString(json)).isEqualTo(readJson(DASHBOARD));
    }

    @Test
    void theDashboardShowsTheFlow() {
        JsonNode dashboard = readJson(DASHBOARD);
        assertThat(dashboard.path("uid").asText()).isEqualTo("artie-overview");
        List<String> titles = new ArrayList<>();
        dashboard.path("panels").forEach(p -> titles.add(p.path("title").asText()));
        assertThat(String.join("\n", titles).toLowerCase())
                .contains("messages received")
                .contains("replies")
                .contains("latency")
                .contains("model calls")
                .contains("pending")
                .contains("dead letters")
                .contains("reconciliations");
        dashboard.path("panels").forEach(p -> {
            if (!p.path("type").asText().equals("row")) {
                assertThat(p.path("targets").size())
                        .as("panel %s queries something", p.path("title"))
                        .isPositive();
            }
        });
    }

    @Test
    void theDocsNameEveryAlertAndEveryMetricTheyUse() {
        String docs = read(DOCS);
        for (Map<String, Object> rule : rules()) {
            assertThat(docs)
                    .as("docs/observability.md explains %s", rule.get("alert"))
                    .contains("`" + rule.get("alert") + "`");
        }
        for (String name : usedMetricNames()) {
            if (!name.equals("up")) {
                assertThat(docs).as("docs/observability.md lists %s", name).contains(baseName(name));
            }
        }
    }

    /** A histogram's series are documented under the histogram's name. */
    static String baseName(String name) {
        return Stream.of("_bucket", "_count", "_sum", "_max")
                .filter(name::endsWith)
                .map(s -> name.substring(0, name.length() - s.length()))
                .findFirst()
                .orElse(name);
    }

    private static JsonNode readJsonString(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("the ConfigMap's artie.json is not JSON", e);
        }
    }

    static Path promtool() {
        Optional<Path> promtool = onPath("promtool");
        assumeTrue(
                promtool.isPresent(),
                "promtool not installed (apt-get install prometheus;"
                        + " scripts/test-prerequisites.sh does it as root): alert rules not checked here, CI checks them");
        return promtool.get();
    }

    private static Optional<Path> helm() {
        Optional<Path> onPath = onPath("helm");
        if (onPath.isPresent()) {
            return onPath;
        }
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("ARTIE_KUBE_BINARIES");
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env));
        }
        Path cache = Path.of(System.getProperty("user.home"), ".cache/artie/kube/k8s");
        if (Files.isDirectory(cache)) {
            try (Stream<Path> versions = Files.list(cache)) {
                versions.sorted().forEach(dirs::add);
            } catch (Exception ignored) {
                // no cached binaries
            }
        }
        return dirs.stream()
                .map(d -> d.resolve("helm"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
