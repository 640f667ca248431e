package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Component;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Reconcile preconditions: when one does not hold, JOSDK deletes the dependent's object. */
public final class Preconditions {
  private Preconditions() {}

  abstract static class ComponentEnabled implements Condition<Object, ArtieDeployment> {
    private final Component component;

    ComponentEnabled(Component component) {
      this.component = component;
    }

    @Override
    public boolean isMet(DependentResource<Object, ArtieDeployment> dependent, ArtieDeployment primary,
        Context<ArtieDeployment> context) {
      return component.enabled(primary.getSpec());
    }
  }

  public static class HttpChatEnabled extends ComponentEnabled {
    public HttpChatEnabled() {
      super(Component.HTTP_CHAT);
    }
  }

  public static class DiscordEnabled extends ComponentEnabled {
    public DiscordEnabled() {
      super(Component.DISCORD);
    }
  }

  public static class SmsEnabled extends ComponentEnabled {
    public SmsEnabled() {
      super(Component.SMS);
    }
  }

  public static class EmailEnabled extends ComponentEnabled {
    public EmailEnabled() {
      super(Component.EMAIL);
    }
  }

  /** A channel's Ingress exists while the channel runs and its spec names one (ComponentIngressDependent). */
  public static class IngressWanted implements Condition<Ingress, ArtieDeployment> {
    @Override
    public boolean isMet(DependentResource<Ingress, ArtieDeployment> dependent, ArtieDeployment primary,
        Context<ArtieDeployment> context) {
      return dependent instanceof ComponentIngressDependent ingress && ingress.wanted(primary);
    }
  }

  public static class ManagedRedis implements Condition<Object, ArtieDeployment> {
    @Override
    public boolean isMet(DependentResource<Object, ArtieDeployment> dependent, ArtieDeployment primary,
        Context<ArtieDeployment> context) {
      return primary.getSpec().redis.managedByOperator();
    }
  }

  /** The memory claim is deleted only when memory is off and deleteData asks for it (CapabilitiesVolumeDependent). */
  public static class KeepMemoryClaim implements Condition<Object, ArtieDeployment> {
    @Override
    public boolean isMet(DependentResource<Object, ArtieDeployment> dependent, ArtieDeployment primary,
        Context<ArtieDeployment> context) {
      var memory = primary.getSpec().capabilities.memory;
      return memory.enabled || !memory.deleteData;
    }
  }

  /** Capabilities scale out with PostgreSQL memory (CapabilitiesDisruptionBudgetDependent). */
  public static class PostgresMemory implements Condition<Object, ArtieDeployment> {
    @Override
    public boolean isMet(DependentResource<Object, ArtieDeployment> dependent, ArtieDeployment primary,
        Context<ArtieDeployment> context) {
      return primary.getSpec().capabilities.memory.onPostgres();
    }
  }
}
