package dev.artie.operator.dependent;

import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The channels that can have an Ingress: the web chat and Twilio's SMS webhook. */
public final class Ingresses {
  private Ingresses() {}

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class HttpChat extends ComponentIngressDependent {
    public HttpChat() {
      super(Component.HTTP_CHAT, spec -> spec.channels.http.ingress, "/");
    }
  }

  public static class Sms extends ComponentIngressDependent {
    public Sms() {
      super(Component.SMS, spec -> spec.channels.sms.ingress, "/sms");
    }
  }
}
