package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.CapabilitiesVolume;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.ConfigHash;
import dev.artie.operator.workload.ImageDefaults;
import dev.artie.operator.workload.Labels;
import dev.artie.operator.workload.Metadata;
import dev.artie.operator.workload.PodSettingsApplier;
import dev.artie.operator.workload.ResourceDefaults;
import dev.artie.operator.workload.SecretEnv;
import dev.artie.operator.workload.SecretLookup;
import dev.artie.operator.workload.ServiceAccounts;
import dev.artie.operator.workload.ServiceConfig;
import dev.artie.operator.workload.Templates;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Deployment of each component that runs. The hardened pod (security contexts, probes, /tmp) comes from
 * component-deployment.yaml; this class sets only what varies.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ComponentDeployments extends ComponentBulkDependent<Deployment> {
    public ComponentDeployments() {
        super(Deployment.class);
    }

    @Override
    Stream<Deployment> desiredObjects(ArtieDeployment primary, Context<ArtieDeployment> context) {
        var configHash =
                context.managedWorkflowAndDependentResourceContext().getMandatory(ConfigHash.class, ConfigHash.class);
        var secrets = SecretCache.lookup(primary, context);
        return Arrays.stream(Component.values())
                .filter(c -> c.enabled(primary.getSpec()))
                .map(c -> desired(primary, c, secrets, configHash));
    }

    public static Deployment desired(
            ArtieDeployment primary, Component component, SecretLookup secrets, ConfigHash configHash) {
        var spec = primary.getSpec();
        var workload = component.workload(spec);
        var plainEnv = ServiceConfig.plainEnv(primary, component);
        var secretEnv = ServiceConfig.secretEnv(spec, component);

        Deployment deployment = Templates.load("component-deployment.yaml", Deployment.class);
        deployment.setMetadata(Metadata.of(primary, component.objectName(primary), component.id()));
        var deploymentSpec = deployment.getSpec();
        deploymentSpec.setReplicas(workload.replicas);
        deploymentSpec.getSelector().setMatchLabels(Labels.selector(primary, component.id()));
        var pod = deploymentSpec.getTemplate();
        pod.getMetadata().setLabels(Labels.of(primary, component.id()));
        pod.getMetadata().setAnnotations(new LinkedHashMap<>());
        pod.getMetadata()
                .getAnnotations()
                .put(Labels.CONFIG_HASH, configHash.of(primary, plainEnv, secretEnv, secrets));
        pod.getSpec().setServiceAccountName(ServiceAccounts.name(primary));
        PodSettingsApplier.apply(spec.pod, pod);

        Container container = pod.getSpec().getContainers().getFirst();
        container.setName(component.id());
        container.setImage(ImageDefaults.process().of(component, workload.image()));
        container.getPorts().getFirst().setContainerPort(component.port());
        container.setEnv(env(primary, component, plainEnv.keySet(), secretEnv));
        container.setResources(ResourceDefaults.merge(workload.resources, component.defaultResources()));
        if (component == Component.CAPABILITIES) {
            addMemoryVolume(primary, deployment, container);
        }
        ServiceConfig.redisCaCert(spec).ifPresent(ca -> {
            // A file, as RedisClientOptions reads it: ARTIE_REDIS_CA_CERT (in the ConfigMap) names
            // REDIS_CA_DIR/REDIS_CA_FILE.
            pod.getSpec()
                    .getVolumes()
                    .add(new VolumeBuilder()
                            .withName(ServiceConfig.REDIS_CA_VOLUME)
                            .withNewSecret()
                            .withSecretName(ca.name)
                            .addNewItem()
                            .withKey(ca.key)
                            .withPath(ServiceConfig.REDIS_CA_FILE)
                            .endItem()
                            .endSecret()
                            .build());
            container
                    .getVolumeMounts()
                    .add(new VolumeMountBuilder()
                            .withName(ServiceConfig.REDIS_CA_VOLUME)
                            .withMountPath(ServiceConfig.REDIS_CA_DIR)
                            .withReadOnly(true)
                            .build());
        });
        if (component.singleInstance(spec)) {
            // The default rolling update would briefly run the new pod beside the old one.
            deploymentSpec.setStrategy(
                    new DeploymentStrategyBuilder().withType("Recreate").build());
        } else if (component == Component.CAPABILITIES) {
            // Every chat needs capabilities: a rollout starts the new pod before it stops an old one.
            deploymentSpec.setStrategy(new DeploymentStrategyBuilder()
                    .withType("RollingUpdate")
                    .withNewRollingUpdate()
                    .withMaxUnavailable(new IntOrString(0))
                    .withMaxSurge(new IntOrString(1))
                    .endRollingUpdate()
                    .build());
        }
        return deployment;
    }

    private static List<EnvVar> env(
            ArtieDeployment primary, Component component, Iterable<String> plainNames, List<SecretEnv> secretEnv) {
        var env = new ArrayList<EnvVar>();
        env.add(new EnvVarBuilder()
                .withName("PORT")
                .withValue(Integer.toString(component.port()))
                .build());
        // The pod name gives each replica its own stream consumer and reply stream.
        env.add(new EnvVarBuilder()
                .withName("ARTIE_INSTANCE_ID")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.name")
                .endFieldRef()
                .endValueFrom()
                .build());
        for (String name : plainNames) {
            env.add(new EnvVarBuilder()
                    .withName(name)
                    .withNewValueFrom()
                    .withNewConfigMapKeyRef()
                    .withName(ServiceConfig.configMapName(primary))
                    .withKey(ServiceConfig.key(component, name))
                    .endConfigMapKeyRef()
                    .endValueFrom()
                    .build());
        }
        for (SecretEnv secret : secretEnv) {
            env.add(new EnvVarBuilder()
                    .withName(secret.name())
                    .withNewValueFrom()
                    .withNewSecretKeyRef()
                    .withName(secret.ref().name)
                    .withKey(secret.ref().key)
                    .endSecretKeyRef()
                    .endValueFrom()
                    .build());
        }
        return env;
    }

    /** SQLite memory on a PVC (or an emptyDir when persistence is off, or memory lives in PostgreSQL). */
    private static void addMemoryVolume(ArtieDeployment primary, Deployment deployment, Container container) {
        var memory = primary.getSpec().capabilities.memory;
        Volume volume = memory.enabled && !memory.onPostgres()
                ? new VolumeBuilder()
                        .withName("data")
                        .withPersistentVolumeClaim(
                                new PersistentVolumeClaimVolumeSource(CapabilitiesVolume.claimName(primary), false))
                        .build()
                : new VolumeBuilder()
                        .withName("data")
                        .withNewEmptyDir()
                        .endEmptyDir()
                        .build();
        deployment.getSpec().getTemplate().getSpec().getVolumes().add(volume);
        container
                .getVolumeMounts()
                .add(new VolumeMountBuilder()
                        .withName("data")
                        .withMountPath(ServiceConfig.MEMORY_DIR)
                        .build());
    }
}
