package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.ArtieDeploymentSpec;
import dev.artie.operator.crd.IngressSpec;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.IngressDefaults;
import dev.artie.operator.workload.Labels;
import dev.artie.operator.workload.Metadata;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The Ingress of each channel that runs and names one in its spec (the web chat and Twilio's SMS webhook), to its
 * Service's http port; a channel switched off or without an ingress has none. TLS when the spec names the
 * certificate's Secret; class and annotations the spec leaves out come from the operator's IngressDefaults. Without
 * a path in the spec it routes only what people and Twilio call (the channel's public paths): /health and
 * /prometheus stay inside the cluster.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ComponentIngresses extends ComponentBulkDependent<Ingress> {
    /** A path the channel serves to the internet, as an Ingress path (pathType Exact or Prefix). */
    public record PublicPath(String path, String pathType) {
        static PublicPath exact(String path) {
            return new PublicPath(path, "Exact");
        }

        static PublicPath prefix(String path) {
            return new PublicPath(path, "Prefix");
        }
    }

    /** The channels that can have an Ingress, with where their spec names it and what they serve. */
    enum Route {
        /** The web page (its files under http-chat's resources/public, IngressTest checks) and its API. */
        HTTP_CHAT(
                Component.HTTP_CHAT,
                spec -> spec.channels.http.ingress,
                List.of(
                        PublicPath.exact("/"),
                        PublicPath.exact("/index.html"),
                        PublicPath.exact("/chat.css"),
                        PublicPath.exact("/chat.js"),
                        PublicPath.prefix("/api"))),
        /** Twilio's webhook, under /sms. */
        SMS(Component.SMS, spec -> spec.channels.sms.ingress, List.of(PublicPath.prefix("/sms")));

        final Component component;
        final Function<ArtieDeploymentSpec, IngressSpec> ingress;
        final List<PublicPath> publicPaths;

        Route(Component component, Function<ArtieDeploymentSpec, IngressSpec> ingress, List<PublicPath> publicPaths) {
            this.component = component;
            this.ingress = ingress;
            this.publicPaths = publicPaths;
        }

        boolean wanted(ArtieDeployment primary) {
            return component.enabled(primary.getSpec()) && ingress.apply(primary.getSpec()) != null;
        }
    }

    public ComponentIngresses() {
        super(Ingress.class);
    }

    @Override
    Stream<Ingress> desiredObjects(ArtieDeployment primary, Context<ArtieDeployment> context) {
        var defaults = IngressDefaults.process();
        return Arrays.stream(Route.values())
                .filter(route -> route.wanted(primary))
                .map(route -> build(primary, route, defaults));
    }

    static Ingress build(ArtieDeployment primary, Route route, IngressDefaults defaults) {
        var spec = route.ingress.apply(primary.getSpec());
        String name = route.component.objectName(primary);
        var builder = new IngressBuilder()
                .withMetadata(Metadata.of(primary, name, route.component.id()))
                .editMetadata()
                .withAnnotations(defaults.annotations(spec.annotations))
                .endMetadata()
                .withNewSpec()
                .withIngressClassName(defaults.className(spec.ingressClassName))
                .addNewRule()
                .withHost(spec.host)
                .withNewHttp()
                .withPaths(paths(spec, route.publicPaths, name))
                .endHttp()
                .endRule()
                .endSpec();
        if (spec.tls()) {
            builder.editSpec()
                    .withTls(List.of(new IngressTLSBuilder()
                            .withHosts(spec.host)
                            .withSecretName(spec.tlsSecretName)
                            .build()))
                    .endSpec();
        }
        return builder.build();
    }

    private static List<HTTPIngressPath> paths(IngressSpec spec, List<PublicPath> publicPaths, String service) {
        List<PublicPath> routed =
                spec.path == null || spec.path.isEmpty() ? publicPaths : List.of(PublicPath.prefix(spec.path));
        return routed.stream()
                .map(path -> new HTTPIngressPathBuilder()
                        .withPath(path.path())
                        .withPathType(path.pathType())
                        .withNewBackend()
                        .withNewService()
                        .withName(service)
                        .withNewPort()
                        .withName("http")
                        .endPort()
                        .endService()
                        .endBackend()
                        .build())
                .toList();
    }
}
