package dev.artie.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The shipped observability files (one copy each) and what the tests read from them. */
final class Observability {
    static final Path REPO = findRepo();
    static final Path RULES = REPO.resolve("charts/artie-operator/monitoring/artie-alerts.rules.yml");
    static final Path PLAIN_RULES = REPO.resolve("k8s/monitoring/artie-alerts.rules.yml");
    static final Path RULE_TESTS = REPO.resolve("k8s/monitoring/artie-alerts.test.yml");
    static final Path DASHBOARD = REPO.resolve("charts/artie-operator/dashboards/artie.json");
    static final Path DOCS = REPO.resolve("docs/observability.md");
    static final ObjectMapper JSON = new ObjectMapper();
    /** Series names in PromQL: Artie's own and the operator's (JOSDK), and Prometheus's {@code up}. */
    private static final Pattern METRIC =
            Pattern.compile("\\b(artie_[a-z0-9_]+|reconciliations_[a-z0-9_]+|up)\\s*[{\\[(]");

    private Observability() {}

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules() {
        Map<String, Object> file = yaml(RULES);
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    static List<String> dashboardExpressions() {
        List<String> exprs = new ArrayList<>();
        collectExprs(readJson(DASHBOARD), exprs);
        return exprs;
    }

    static Set<String> metricNames(Stream<String> expressions) {
        Set<String> names = new TreeSet<>();
        expressions.forEach(expr -> {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                names.add(m.group(1));
            }
        });
        return names;
    }

    /** Every metric name the alert rules and the dashboard query. */
    static Set<String> usedMetricNames() {
        return metricNames(Stream.concat(
                rules().stream().map(r -> String.valueOf(r.get("expr"))), dashboardExpressions().stream()));
    }

    private static void collectExprs(JsonNode node, List<String> exprs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("expr") && e.getValue().isTextual()) {
                    exprs.add(e.getValue().asText());
                } else {
                    collectExprs(e.getValue(), exprs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectExprs(child, exprs));
        }
    }

    static Map<String, Object> yaml(Path file) {
        return new Yaml().load(read(file));
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(read(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A binary on the PATH, else absent. */
    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path findRepo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/queue.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root");
        }
        return dir;
    }
}
