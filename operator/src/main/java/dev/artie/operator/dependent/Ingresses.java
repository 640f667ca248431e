package dev.artie.operator.dependent;

import static dev.artie.operator.dependent.ComponentIngressDependent.PublicPath.exact;
import static dev.artie.operator.dependent.ComponentIngressDependent.PublicPath.prefix;

import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/** The channels that can have an Ingress: the web chat and Twilio's SMS webhook. */
public final class Ingresses {
  private Ingresses() {}

  /** http-chat's web page (its files under resources/public, IngressTest checks) and its API. */
  static final List<ComponentIngressDependent.PublicPath> HTTP_CHAT_PUBLIC_PATHS = List.of(
      exact("/"), exact("/index.html"), exact("/chat.css"), exact("/chat.js"), prefix("/api"));

  /** Twilio's webhook, under /sms. */
  static final List<ComponentIngressDependent.PublicPath> SMS_PUBLIC_PATHS = List.of(prefix("/sms"));

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class HttpChat extends ComponentIngressDependent {
    public HttpChat() {
      super(Component.HTTP_CHAT, spec -> spec.channels.http.ingress, HTTP_CHAT_PUBLIC_PATHS);
    }
  }

  public static class Sms extends ComponentIngressDependent {
    public Sms() {
      super(Component.SMS, spec -> spec.channels.sms.ingress, SMS_PUBLIC_PATHS);
    }
  }
}
