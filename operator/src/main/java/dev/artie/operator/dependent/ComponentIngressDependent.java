package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.ArtieDeploymentSpec;
import dev.artie.operator.crd.IngressSpec;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.IngressDefaults;
import dev.artie.operator.workload.Labels;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.function.Function;

/**
 * The Ingress of one channel, to its Service's http port; only while the channel runs and names an ingress
 * (Preconditions), else deleted. TLS when the spec names the certificate's Secret; class and annotations the
 * spec leaves out come from the operator's IngressDefaults. Without a path in the spec it routes only what people
 * and Twilio call (the channel's public paths): /health and /prometheus stay inside the cluster.
 */
public abstract class ComponentIngressDependent extends CRUDKubernetesDependentResource<Ingress, ArtieDeployment> {
  private final Component component;
  private final Function<ArtieDeploymentSpec, IngressSpec> ingress;
  private final List<PublicPath> publicPaths;

  /** A path the channel serves to the internet, as an Ingress path (pathType Exact or Prefix). */
  public record PublicPath(String path, String pathType) {
    public static PublicPath exact(String path) {
      return new PublicPath(path, "Exact");
    }

    public static PublicPath prefix(String path) {
      return new PublicPath(path, "Prefix");
    }
  }

  protected ComponentIngressDependent(Component component, Function<ArtieDeploymentSpec, IngressSpec> ingress,
      List<PublicPath> publicPaths) {
    this.component = component;
    this.ingress = ingress;
    this.publicPaths = publicPaths;
  }

  boolean wanted(ArtieDeployment primary) {
    return component.enabled(primary.getSpec()) && ingress.apply(primary.getSpec()) != null;
  }

  /** By name: the default computes desired(), which has no spec to work from once the ingress is removed. */
  @Override
  protected ResourceID targetSecondaryResourceID(ArtieDeployment primary, Context<ArtieDeployment> context) {
    return new ResourceID(component.objectName(primary), primary.getMetadata().getNamespace());
  }

  @Override
  protected Ingress desired(ArtieDeployment primary, Context<ArtieDeployment> context) {
    return build(primary, IngressDefaults.process());
  }

  Ingress build(ArtieDeployment primary, IngressDefaults defaults) {
    var spec = ingress.apply(primary.getSpec());
    String name = component.objectName(primary);
    var builder = new IngressBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(primary.getMetadata().getNamespace())
        .withLabels(Labels.of(primary, component.id()))
        .withAnnotations(defaults.annotations(spec.annotations))
        .endMetadata()
        .withNewSpec()
        .withIngressClassName(defaults.className(spec.ingressClassName))
        .addNewRule()
        .withHost(spec.host)
        .withNewHttp()
        .withPaths(paths(spec, name))
        .endHttp()
        .endRule()
        .endSpec();
    if (spec.tls()) {
      builder.editSpec().withTls(List.of(new IngressTLSBuilder().withHosts(spec.host).withSecretName(spec.tlsSecretName).build()))
          .endSpec();
    }
    return builder.build();
  }

  private List<HTTPIngressPath> paths(IngressSpec spec, String service) {
    List<PublicPath> routed = spec.path == null || spec.path.isEmpty() ? publicPaths
        : List.of(PublicPath.prefix(spec.path));
    return routed.stream().map(path -> new HTTPIngressPathBuilder()
        .withPath(path.path())
        .withPathType(path.pathType())
        .withNewBackend().withNewService().withName(service).withNewPort().withName("http").endPort().endService()
        .endBackend()
        .build()).toList();
  }
}
