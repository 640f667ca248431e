package dev.artie.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.ImageDefaults;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The image names are defined once, in the root pom (docs/kubernetes.md, Images): the operator's built-in
 * defaults, the chart, the plain install manifests and the examples agree with it.
 */
class ImageNamesDriftTest {
    private static final Document POM = parse("pom.xml");

    @Test
    void theOperatorsDefaultsAreThePoms() {
        assertThat(ImageDefaults.builtIn()).isEqualTo(pomDefaults());
    }

    @Test
    void theChartsValuesAndAppVersionAreThePoms() {
        Map<String, Object> values = yaml("charts/artie-operator/values.yaml");
        @SuppressWarnings("unchecked")
        var images = (Map<String, Object>) values.get("images");
        var pom = pomDefaults();
        assertThat(images).containsEntry("registry", pom.registry()).containsEntry("prefix", pom.prefix());
        assertThat(values).containsEntry("redisImage", pom.redis());
        assertThat(yaml("charts/artie-operator/Chart.yaml")).containsEntry("appVersion", pom.tag());
    }

    @Test
    void thePlainInstallRunsThePomsOperatorImage() {
        assertThat(RepoFiles.read("k8s/install/operator.yaml"))
                .contains("image: \"" + pomDefaults().of("operator") + "\"")
                .contains("name: ARTIE_OPERATOR_IMAGE_TAG\n              value: \""
                        + pomDefaults().tag() + "\"");
    }

    /** An example that names an image would not follow a cluster's own registry (helm's images.registry). */
    @Test
    void noExampleNamesAnImage() throws IOException {
        var named = new ArrayList<String>();
        try (var files = Files.list(RepoFiles.path("k8s/examples"))) {
            for (var file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                var spec = Serialization.unmarshal(Files.readString(file), ArtieDeployment.class)
                        .getSpec();
                for (Component component : Component.values()) {
                    if (component.workload(spec).image() != null) {
                        named.add(file.getFileName() + ": " + component.id());
                    }
                }
                if (spec.redis.managed != null && spec.redis.managed.image != null) {
                    named.add(file.getFileName() + ": redis");
                }
            }
        }
        assertThat(named).isEmpty();
    }

    private static ImageDefaults pomDefaults() {
        return new ImageDefaults(
                pomProperty("artie.image.registry"),
                pomProperty("artie.image.prefix"),
                xpath("/project/version"),
                pomProperty("artie.image.redis"));
    }

    private static String pomProperty(String name) {
        return xpath("/project/properties/" + name);
    }

    private static String xpath(String expression) {
        try {
            var xpath = XPathFactory.newInstance().newXPath();
            assertThat(xpath.evaluate("count(" + expression + ")", POM))
                    .as("pom.xml has " + expression)
                    .isEqualTo("1");
            return xpath.evaluate(expression, POM);
        } catch (javax.xml.xpath.XPathExpressionException e) {
            throw new IllegalArgumentException(expression, e);
        }
    }

    private static Document parse(String relative) {
        try {
            return DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(RepoFiles.path(relative).toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + relative, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String relative) {
        return Serialization.unmarshal(RepoFiles.read(relative), Map.class);
    }
}
