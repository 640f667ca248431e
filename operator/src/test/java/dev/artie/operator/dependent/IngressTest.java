package dev.artie.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.operator.Fixtures;
import dev.artie.operator.crd.IngressSpec;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.IngressDefaults;
import dev.artie.operator.workload.ServiceConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's Ingress defaults under the spec's own; the SMS URL only from an Ingress with TLS. */
class IngressTest {
  @Test
  void theSpecsClassAndAnnotationsWinOverTheOperatorsDefaults() {
    var defaults = IngressDefaults.fromEnvironment(Map.of("ARTIE_OPERATOR_INGRESS_CLASS", "nginx",
        "ARTIE_OPERATOR_INGRESS_ANNOTATIONS", "{\"cert-manager.io/cluster-issuer\":\"letsencrypt\",\"a\":\"1\"}"));
    var artie = Fixtures.minimal("artie", "ns");
    artie.getSpec().channels.http.ingress = ingress("artie.example.org", null);

    var inherited = new Ingresses.HttpChat().build(artie, defaults);
    assertThat(inherited.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(inherited.getMetadata().getAnnotations())
        .containsExactlyInAnyOrderEntriesOf(Map.of("cert-manager.io/cluster-issuer", "letsencrypt", "a", "1"));
    assertThat(inherited.getSpec().getTls()).isEmpty();

    artie.getSpec().channels.http.ingress.ingressClassName = "traefik";
    artie.getSpec().channels.http.ingress.annotations = Map.of("cert-manager.io/cluster-issuer", "staging");
    var own = new Ingresses.HttpChat().build(artie, defaults);
    assertThat(own.getSpec().getIngressClassName()).isEqualTo("traefik");
    assertThat(own.getMetadata().getAnnotations())
        .containsExactlyInAnyOrderEntriesOf(Map.of("cert-manager.io/cluster-issuer", "staging", "a", "1"));

    artie.getSpec().channels.http.ingress.ingressClassName = null;
    var none = new Ingresses.HttpChat().build(artie, IngressDefaults.fromEnvironment(Map.of()));
    assertThat(none.getSpec().getIngressClassName()).as("the cluster's default class").isNull();
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
    assertThat(ServiceConfig.plainEnv(artie, Component.SMS)).containsEntry("ARTIE_SMS_PUBLIC_URL", "https://sms.example.org");
    sms.publicUrl = "https://hooks.example.net";
    assertThat(ServiceConfig.plainEnv(artie, Component.SMS)).containsEntry("ARTIE_SMS_PUBLIC_URL", "https://hooks.example.net");
  }

  private static IngressSpec ingress(String host, String tlsSecretName) {
    var ingress = new IngressSpec();
    ingress.host = host;
    ingress.tlsSecretName = tlsSecretName;
    return ingress;
  }
}
