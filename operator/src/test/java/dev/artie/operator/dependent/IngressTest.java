package dev.artie.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.operator.Fixtures;
import dev.artie.operator.RepoFiles;
import dev.artie.operator.crd.IngressSpec;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.IngressDefaults;
import dev.artie.operator.workload.ServiceConfig;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The operator's Ingress defaults under the spec's own; the SMS URL only from an Ingress with TLS. */
class IngressTest {
    @Test
    void theSpecsClassAndAnnotationsWinOverTheOperatorsDefaults() {
        var defaults = IngressDefaults.fromEnvironment(Map.of(
                "ARTIE_OPERATOR_INGRESS_CLASS",
                "nginx",
                "ARTIE_OPERATOR_INGRESS_ANNOTATIONS",
                "{\"cert-manager.io/cluster-issuer\":\"letsencrypt\",\"a\":\"1\"}"));
        var artie = Fixtures.minimal("artie", "ns");
        artie.getSpec().channels.http.ingress = ingress("artie.example.org", null);

        var inherited = ComponentIngresses.build(artie, ComponentIngresses.Route.HTTP_CHAT, defaults);
        assertThat(inherited.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(inherited.getMetadata().getAnnotations())
                .containsExactlyInAnyOrderEntriesOf(Map.of("cert-manager.io/cluster-issuer", "letsencrypt", "a", "1"));
        assertThat(inherited.getSpec().getTls()).isEmpty();

        artie.getSpec().channels.http.ingress.ingressClassName = "traefik";
        artie.getSpec().channels.http.ingress.annotations = Map.of("cert-manager.io/cluster-issuer", "staging");
        var own = ComponentIngresses.build(artie, ComponentIngresses.Route.HTTP_CHAT, defaults);
        assertThat(own.getSpec().getIngressClassName()).isEqualTo("traefik");
        assertThat(own.getMetadata().getAnnotations())
                .containsExactlyInAnyOrderEntriesOf(Map.of("cert-manager.io/cluster-issuer", "staging", "a", "1"));

        artie.getSpec().channels.http.ingress.ingressClassName = null;
        var none = ComponentIngresses.build(
                artie, ComponentIngresses.Route.HTTP_CHAT, IngressDefaults.fromEnvironment(Map.of()));
        assertThat(none.getSpec().getIngressClassName())
                .as("the cluster's default class")
                .isNull();
    }

    @Test
    void annotationsThatAreNotAJsonObjectStopTheStartWithTheVariablesName() {
        assertThatThrownBy(() -> IngressDefaults.fromEnvironment(Map.of("ARTIE_OPERATOR_INGRESS_ANNOTATIONS", "a=b")))
                .hasMessageStartingWith("ARTIE_OPERATOR_INGRESS_ANNOTATIONS must be a JSON object of strings");
    }

    @Test
    void theSmsUrlComesFromAnIngressOnlyWithTlsAndAnExplicitOneWins() {
        var artie = Fixtures.minimal("artie", "ns");
        var sms = artie.getSpec().channels.sms;
        sms.enabled = true;
        sms.ingress = ingress("sms.example.org", null);
        assertThat(ServiceConfig.plainEnv(artie, Component.SMS)).doesNotContainKey("ARTIE_SMS_PUBLIC_URL");
        sms.ingress.tlsSecretName = "sms-tls";
        assertThat(ServiceConfig.plainEnv(artie, Component.SMS))
                .containsEntry("ARTIE_SMS_PUBLIC_URL", "https://sms.example.org");
        sms.publicUrl = "https://hooks.example.net";
        assertThat(ServiceConfig.plainEnv(artie, Component.SMS))
                .containsEntry("ARTIE_SMS_PUBLIC_URL", "https://hooks.example.net");
    }

    @Test
    void withoutAPathOnlyThePageTheApiAndTheWebhookAreRoutedNotHealthOrMetrics() {
        var artie = Fixtures.minimal("artie", "ns");
        artie.getSpec().channels.http.ingress = ingress("artie.example.org", null);
        artie.getSpec().channels.sms.enabled = true;
        artie.getSpec().channels.sms.ingress = ingress("artie.example.org", "artie-tls");

        var chat = ComponentIngresses.build(
                artie, ComponentIngresses.Route.HTTP_CHAT, IngressDefaults.fromEnvironment(Map.of()));
        assertThat(paths(chat))
                .containsExactly("Exact /", "Exact /index.html", "Exact /chat.css", "Exact /chat.js", "Prefix /api");
        var sms = ComponentIngresses.build(
                artie, ComponentIngresses.Route.SMS, IngressDefaults.fromEnvironment(Map.of()));
        assertThat(paths(sms)).containsExactly("Prefix /sms");

        artie.getSpec().channels.http.ingress.path = "/";
        var everything = ComponentIngresses.build(
                artie, ComponentIngresses.Route.HTTP_CHAT, IngressDefaults.fromEnvironment(Map.of()));
        assertThat(paths(everything))
                .as("a path the person names is routed whole")
                .containsExactly("Prefix /");
    }

    @Test
    void httpChatsPublicPathsAreTheFilesOfItsPageAndItsApi() throws IOException {
        try (Stream<java.nio.file.Path> files =
                Files.list(RepoFiles.path("services/http-chat/src/main/resources/public"))) {
            var page = files.map(file -> "Exact /" + file.getFileName()).toList();
            assertThat(ComponentIngresses.Route.HTTP_CHAT.publicPaths.stream().map(p -> p.pathType() + " " + p.path()))
                    .containsExactlyInAnyOrderElementsOf(
                            Stream.concat(Stream.of("Exact /", "Prefix /api"), page.stream())
                                    .toList());
        }
        assertThat(Files.readString(
                        RepoFiles.path("services/http-chat/src/main/java/dev/artie/httpchat/ChatController.java")))
                .as("the API the Ingress routes")
                .contains("@Controller(\"/api\")");
        assertThat(Files.readString(
                        RepoFiles.path("services/sms/src/main/java/dev/artie/sms/SmsWebhookController.java")))
                .as("the webhook the Ingress routes")
                .contains("@Controller(\"/sms\")");
    }

    private static java.util.List<String> paths(io.fabric8.kubernetes.api.model.networking.v1.Ingress ingress) {
        return ingress.getSpec().getRules().getFirst().getHttp().getPaths().stream()
                .map((HTTPIngressPath path) -> path.getPathType() + " " + path.getPath())
                .toList();
    }

    private static IngressSpec ingress(String host, String tlsSecretName) {
        var ingress = new IngressSpec();
        ingress.host = host;
        ingress.tlsSecretName = tlsSecretName;
        return ingress;
    }
}
