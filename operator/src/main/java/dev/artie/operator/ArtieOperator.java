package dev.artie.operator;

import dev.artie.operator.reconciler.ArtieDeploymentReconciler;
import dev.artie.operator.workload.ImageDefaults;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator process: JOSDK operator, Micrometer metrics, health endpoints. Tests start it in-process. */
public final class ArtieOperator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArtieOperator.class);
    private final Operator operator;
    private final OpsServer ops;

    public ArtieOperator(KubernetesClient client, OperatorSettings settings) throws IOException {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withMetrics(MicrometerMetricsV2.newBuilder(registry).build());
            if (settings.leaderElection()) {
                var lease = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(OperatorSettings.LEASE_NAME)
                        .withLeaseNamespace(settings.leaseNamespace());
                // JOSDK allows staying alive after losing the Lease only through its test builder.
                o.withLeaderElectionConfiguration(
                        settings.exitOnLeaseLoss() ? lease.build() : lease.buildForTest(false));
            }
        });
        var configHash = ConfigHashKey.loadOrCreate(client, settings.leaseNamespace());
        operator.register(new ArtieDeploymentReconciler(registry, configHash), c -> {
            if (!settings.namespaces().isEmpty()) {
                c.settingNamespaces(settings.namespaces());
            }
        });
        ops = new OpsServer(
                settings.port(),
                registry,
                () -> operator.getRuntimeInfo().isStarted()
                        && operator.getRuntimeInfo().allEventSourcesAreHealthy());
    }

    public void start() {
        operator.start();
    }

    public int opsPort() {
        return ops.port();
    }

    @Override
    public void close() {
        operator.stop();
        ops.close();
    }

    public static void main(String[] args) throws IOException {
        var settings = OperatorSettings.fromEnvironment(System.getenv());
        // Read now, so that a bad ARTIE_OPERATOR_IMAGE_* stops the start rather than the first reconcile.
        LOG.info("default images: {}", ImageDefaults.process());
        var artie = new ArtieOperator(new KubernetesClientBuilder().build(), settings);
        Runtime.getRuntime().addShutdownHook(new Thread(artie::close, "shutdown"));
        artie.start();
    }
}
