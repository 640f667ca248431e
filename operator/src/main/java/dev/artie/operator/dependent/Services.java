package dev.artie.operator.dependent;

import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** One Service dependent per component (the workflow names each). */
public final class Services {
  private Services() {}

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class Capabilities extends ComponentServiceDependent {
    public Capabilities() {
      super(Component.CAPABILITIES);
    }
  }

  public static class HttpChat extends ComponentServiceDependent {
    public HttpChat() {
      super(Component.HTTP_CHAT);
    }
  }

  public static class Discord extends ComponentServiceDependent {
    public Discord() {
      super(Component.DISCORD);
    }
  }

  public static class Sms extends ComponentServiceDependent {
    public Sms() {
      super(Component.SMS);
    }
  }

  public static class Email extends ComponentServiceDependent {
    public Email() {
      super(Component.EMAIL);
    }
  }
}
