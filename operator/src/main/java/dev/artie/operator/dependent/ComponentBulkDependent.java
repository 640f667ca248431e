package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One kind of object that repeats per component (JOSDK's bulk dependent): the desired objects are those of the
 * components that run, so a channel switched off is simply absent and JOSDK deletes its object. Objects of the
 * same kind that are not a component's (the managed Redis's Service) share the informer and are left alone.
 */
abstract class ComponentBulkDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, ArtieDeployment>
        implements CRUDKubernetesBulkDependentResource<R, ArtieDeployment>,
                KubernetesBulkDependentResource<R, ArtieDeployment> {
    private static final Set<String> COMPONENT_IDS =
            Arrays.stream(Component.values()).map(Component::id).collect(Collectors.toUnmodifiableSet());

    ComponentBulkDependent(Class<R> type) {
        super(type);
    }

    /** The objects this kind should have now, one per component that has one. */
    abstract Stream<R> desiredObjects(ArtieDeployment primary, Context<ArtieDeployment> context);

    @Override
    public Map<ResourceID, R> desiredResources(ArtieDeployment primary, Context<ArtieDeployment> context) {
        return desiredObjects(primary, context)
                .collect(Collectors.toMap(ResourceID::fromResource, Function.identity()));
    }

    @Override
    public Predicate<R> secondaryResourceFilter(ArtieDeployment primary, Context<ArtieDeployment> context) {
        return object -> object.getMetadata().getLabels() != null
                && COMPONENT_IDS.contains(object.getMetadata().getLabels().get(Labels.COMPONENT));
    }
}
