package dev.artie.operator.dependent;

import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** One Deployment dependent per component (the workflow names each). */
public final class Deployments {
  private Deployments() {}

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class Capabilities extends ComponentDeploymentDependent {
    public Capabilities() {
      super(Component.CAPABILITIES);
    }
  }

  public static class HttpChat extends ComponentDeploymentDependent {
    public HttpChat() {
      super(Component.HTTP_CHAT);
    }
  }

  public static class Discord extends ComponentDeploymentDependent {
    public Discord() {
      super(Component.DISCORD);
    }
  }

  public static class Sms extends ComponentDeploymentDependent {
    public Sms() {
      super(Component.SMS);
    }
  }

  public static class Email extends ComponentDeploymentDependent {
    public Email() {
      super(Component.EMAIL);
    }
  }
}
