package dev.artie.operator.cloudrun;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.ResourceList;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.ImageDefaults;
import dev.artie.operator.workload.SecretEnv;
import dev.artie.operator.workload.ServiceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Knative serving.knative.dev/v1 Service (as `gcloud run services replace` takes) per Artie service.
 * Services that work outside HTTP requests run always-on with CPU always allocated: capabilities consumes the
 * incoming stream, Discord and email hold a gateway/IMAP connection, and SMS sends the replies it reads from its
 * outgoing stream after the Twilio webhook has already been answered.
 */
public final class CloudRunServiceFactory {
    private CloudRunServiceFactory() {}

    /** Where capabilities keeps its memories on Cloud Run. */
    enum MemoryPlacement {
        POSTGRES,
        NFS,
        IN_MEMORY_VOLUME
    }

    /** Works outside requests, so it needs CPU between them and an instance that is always there. */
    static boolean background(Component component) {
        return component == Component.CAPABILITIES
                || component == Component.DISCORD
                || component == Component.EMAIL
                || component == Component.SMS;
    }

    /**
     * PostgreSQL (Cloud SQL through its private IP, so Direct VPC egress) when the ArtieDeployment says so; else
     * SQLite on NFS, or on an in-memory volume only when the person accepts losing every memory with a revision.
     */
    static MemoryPlacement memoryPlacement(ArtieDeployment primary, CloudRunOptions options) {
        if (primary.getSpec().capabilities.memory.onPostgres()) {
            if (options.vpcNetwork() == null) {
                throw new IllegalArgumentException(
                        "capabilities.memory.store postgres reaches Cloud SQL at its private IP;"
                                + " give --vpc-network and --vpc-subnet for Direct VPC egress");
            }
            return MemoryPlacement.POSTGRES;
        }
        if (options.memoryNfs() != null) {
            return MemoryPlacement.NFS;
        }
        if (options.ephemeralMemory()) {
            return MemoryPlacement.IN_MEMORY_VOLUME;
        }
        throw new IllegalArgumentException("capabilities' memories would live on an in-memory volume and be lost with"
                + " every new revision; set capabilities.memory.store: postgres (Cloud SQL) in the ArtieDeployment, or give"
                + " --memory-nfs SERVER:/PATH (e.g. Filestore), or --ephemeral-memory to accept that");
    }

    public static Map<String, Object> service(ArtieDeployment primary, Component component, CloudRunOptions options) {
        boolean background = background(component);
        var templateAnnotations = new LinkedHashMap<String, Object>();
        templateAnnotations.put(CloudRunAnnotations.MIN_SCALE, background ? "1" : "0");
        // The operator's rule: one memory writer with SQLite, one gateway/IMAP session.
        templateAnnotations.put(
                CloudRunAnnotations.MAX_SCALE, component.singleInstance(primary.getSpec()) ? "1" : "10");
        if (background) {
            templateAnnotations.put(CloudRunAnnotations.CPU_THROTTLING, "false");
        }
        templateAnnotations.put(CloudRunAnnotations.STARTUP_CPU_BOOST, "true");
        templateAnnotations.put(CloudRunAnnotations.EXECUTION_ENVIRONMENT, "gen2");
        if (options.vpcNetwork() != null) {
            // Direct VPC egress: Memorystore and Filestore have private addresses only.
            templateAnnotations.put(
                    CloudRunAnnotations.NETWORK_INTERFACES,
                    "[{\"network\":\"" + options.vpcNetwork() + "\",\"subnetwork\":\"" + options.vpcSubnet() + "\"}]");
            templateAnnotations.put(CloudRunAnnotations.VPC_ACCESS_EGRESS, "private-ranges-only");
        }

        var container = new LinkedHashMap<String, Object>();
        container.put("name", component.id());
        container.put(
                "image",
                ImageDefaults.process()
                        .of(component, component.workload(primary.getSpec()).image()));
        // Cloud Run sets PORT to this containerPort; the services honour $PORT.
        container.put("ports", List.of(nameFirst("http1", "containerPort", component.port())));
        container.put("env", env(primary, component, options));
        container.put("resources", Map.of("limits", limits(primary, component, background)));
        container.put("startupProbe", probe("/health/readiness", component.port(), 0, 3, 2, 40));
        container.put("livenessProbe", probe("/health/liveness", component.port(), 0, 10, 3, 3));

        var spec = new LinkedHashMap<String, Object>();
        if (options.project() != null) {
            spec.put("serviceAccountName", options.serviceAccount(component.objectName(primary)));
        }
        spec.put("containerConcurrency", 80);
        spec.put("timeoutSeconds", 300);
        spec.put("containers", List.of(container));
        var mounts = new ArrayList<Map<String, Object>>();
        var volumes = new ArrayList<Map<String, Object>>();
        if (component == Component.CAPABILITIES) {
            memoryVolume(primary, options).ifPresent(volume -> {
                mounts.add(nameFirst("memory", "mountPath", ServiceConfig.MEMORY_DIR));
                volumes.add(volume);
            });
        }
        redisCaCertSecret(primary, options).ifPresent(secret -> {
            var mount = nameFirst(ServiceConfig.REDIS_CA_VOLUME, "mountPath", ServiceConfig.REDIS_CA_DIR);
            mount.put("readOnly", true);
            mounts.add(mount);
            volumes.add(nameFirst(
                    ServiceConfig.REDIS_CA_VOLUME,
                    "secret",
                    Map.of(
                            "secretName",
                            secret,
                            "items",
                            List.of(Map.of("key", SecretManagerNames.VERSION, "path", ServiceConfig.REDIS_CA_FILE)))));
        });
        if (!mounts.isEmpty()) {
            container.put("volumeMounts", mounts);
            spec.put("volumes", volumes);
        }

        var metadata = new LinkedHashMap<String, Object>();
        metadata.put("name", component.objectName(primary));
        metadata.put("labels", Map.of("app", "artie", "component", component.id()));
        metadata.put("annotations", Map.of(CloudRunAnnotations.INGRESS, publicFacing(component) ? "all" : "internal"));

        var service = new LinkedHashMap<String, Object>();
        service.put("apiVersion", "serving.knative.dev/v1");
        service.put("kind", "Service");
        service.put("metadata", metadata);
        service.put(
                "spec",
                Map.of("template", Map.of("metadata", Map.of("annotations", templateAnnotations), "spec", spec)));
        return service;
    }

    /** HTTP chat and the Twilio webhook are called from outside; the others only reach Redis and the model. */
    private static boolean publicFacing(Component component) {
        return component == Component.HTTP_CHAT || component == Component.SMS;
    }

    private static List<Map<String, Object>> env(
            ArtieDeployment primary, Component component, CloudRunOptions options) {
        var env = new ArrayList<Map<String, Object>>();
        ServiceConfig.plainEnv(primary, component).forEach((name, value) -> {
            if (!name.equals("REDIS_URL")) {
                env.add(nameFirst(name, "value", value));
            }
        });
        var spec = primary.getSpec();
        if (spec.redis.managedByOperator()) {
            env.add(secretEnv("REDIS_URL", options.redisUrlSecret()));
        }
        for (SecretEnv secret : ServiceConfig.secretEnv(spec, component)) {
            env.add(secretEnv(secret.name(), SecretManagerNames.of(secret.ref())));
        }
        if (redisCaCertSecret(primary, options).isPresent()
                && ServiceConfig.redisCaCert(spec).isEmpty()) {
            env.add(nameFirst("ARTIE_REDIS_CA_CERT", "value", ServiceConfig.REDIS_CA_PATH));
        }
        return env;
    }

    /** The Secret Manager secrets a service reads: its service account needs roles/secretmanager.secretAccessor on each. */
    public static List<String> secrets(ArtieDeployment primary, Component component, CloudRunOptions options) {
        var secrets = new ArrayList<String>();
        if (primary.getSpec().redis.managedByOperator()) {
            secrets.add(options.redisUrlSecret());
        }
        for (SecretEnv secret : ServiceConfig.secretEnv(primary.getSpec(), component)) {
            secrets.add(SecretManagerNames.of(secret.ref()));
        }
        redisCaCertSecret(primary, options).ifPresent(secrets::add);
        return secrets;
    }

    /**
     * Secret Manager secret of the Redis CA certificate: --redis-ca-cert-secret (managed Redis becomes Memorystore
     * here), else the one redis.external.caCertSecretRef names.
     */
    static Optional<String> redisCaCertSecret(ArtieDeployment primary, CloudRunOptions options) {
        return options.redisCaCertSecret() != null
                ? Optional.of(options.redisCaCertSecret())
                : ServiceConfig.redisCaCert(primary.getSpec()).map(SecretManagerNames::of);
    }

    private static Map<String, Object> secretEnv(String name, String secret) {
        return nameFirst(
                name, "valueFrom", Map.of("secretKeyRef", nameFirst(secret, "key", SecretManagerNames.VERSION)));
    }

    /** Keeps "name" first in the YAML, where a reader looks for it. */
    private static Map<String, Object> nameFirst(String name, String key, Object value) {
        var map = new LinkedHashMap<String, Object>();
        map.put("name", name);
        map.put(key, value);
        return map;
    }

    /** Cloud Run takes limits only; CPU always allocated needs at least one whole CPU. */
    private static Map<String, Object> limits(ArtieDeployment primary, Component component, boolean background) {
        var given = component.workload(primary.getSpec()).resources;
        ResourceList defaults = component.defaultResources().limits;
        String cpu =
                given != null && given.limits != null && given.limits.cpu != null ? given.limits.cpu : defaults.cpu;
        String memory = given != null && given.limits != null && given.limits.memory != null
                ? given.limits.memory
                : defaults.memory;
        if (background && cpu.endsWith("m")) {
            cpu = "1";
        }
        return Map.of("cpu", cpu, "memory", memory);
    }

    /** The SQLite database's volume; none with PostgreSQL. */
    private static Optional<Map<String, Object>> memoryVolume(ArtieDeployment primary, CloudRunOptions options) {
        return switch (memoryPlacement(primary, options)) {
            case POSTGRES -> Optional.empty();
            case IN_MEMORY_VOLUME ->
                Optional.of(nameFirst("memory", "emptyDir", Map.of("medium", "Memory", "sizeLimit", "256Mi")));
            case NFS -> {
                String[] serverPath = options.memoryNfs().split(":", 2);
                yield Optional.of(nameFirst("memory", "nfs", Map.of("server", serverPath[0], "path", serverPath[1])));
            }
        };
    }

    private static Map<String, Object> probe(
            String path, int port, int initialDelay, int period, int timeout, int failures) {
        var probe = new LinkedHashMap<String, Object>();
        probe.put("httpGet", Map.of("path", path, "port", port));
        probe.put("initialDelaySeconds", initialDelay);
        probe.put("periodSeconds", period);
        probe.put("timeoutSeconds", timeout);
        probe.put("failureThreshold", failures);
        return probe;
    }
}
