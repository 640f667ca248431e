package dev.artie.operator.status;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.ArtieDeploymentStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@code artie_operator_resource_ready{namespace,name}}: 1 while an ArtieDeployment's phase is Ready, else 0, so
 * an alert or a dashboard sees which installation is unwell. The rows follow the operator's cache of resources:
 * a deleted resource's row goes at the next reconcile of any resource.
 */
public final class ReadinessMetrics {
    private final MultiGauge gauge;

    public ReadinessMetrics(MeterRegistry registry) {
        gauge = MultiGauge.builder("artie.operator.resource.ready")
                .description("1 while the ArtieDeployment is Ready, else 0")
                .register(registry);
    }

    /** Every cached resource's readiness, with {@code current} at the status just computed for it. */
    public void refresh(Stream<ArtieDeployment> cached, ArtieDeployment current, ArtieDeploymentStatus currentStatus) {
        gauge.register(
                cached.map(resource -> {
                            boolean isCurrent = Objects.equals(
                                    resource.getMetadata().getUid(),
                                    current.getMetadata().getUid());
                            ArtieDeploymentStatus status = isCurrent ? currentStatus : resource.getStatus();
                            int ready = status != null && ArtieDeploymentStatus.READY.equals(status.phase) ? 1 : 0;
                            return MultiGauge.Row.of(
                                    Tags.of(
                                            "namespace",
                                            resource.getMetadata().getNamespace(),
                                            "name",
                                            resource.getMetadata().getName()),
                                    ready);
                        })
                        .toList(),
                true);
    }
}
