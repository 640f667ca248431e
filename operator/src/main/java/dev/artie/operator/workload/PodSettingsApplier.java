package dev.artie.operator.workload;

import dev.artie.operator.crd.PodSettings;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** Copies the spec's common pod settings onto a pod template. */
public final class PodSettingsApplier {
    private PodSettingsApplier() {}

    public static void apply(PodSettings settings, PodTemplateSpec template) {
        var pod = template.getSpec();
        pod.setImagePullSecrets(settings.imagePullSecrets.stream()
                .map(LocalObjectReference::new)
                .toList());
        pod.setNodeSelector(settings.nodeSelector.isEmpty() ? null : settings.nodeSelector);
        pod.setTolerations(settings.tolerations);
        template.getMetadata().getAnnotations().putAll(settings.annotations);
    }
}
