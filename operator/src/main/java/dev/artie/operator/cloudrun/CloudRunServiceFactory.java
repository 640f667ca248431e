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

/**
 * One Knative serving.knative.dev/v1 Service (as `gcloud run services replace` takes) per Artie service.
 * Queue consumers (capabilities, Discord, email) run always-on with CPU always allocated: a Redis stream
 * consumer or a gateway connection does its work outside HTTP requests.
 */
public final class CloudRunServiceFactory {
  private CloudRunServiceFactory() {}

  public static Map<String, Object> service(ArtieDeployment primary, Component component, CloudRunOptions options) {
    boolean background = component == Component.CAPABILITIES || component == Component.DISCORD
        || component == Component.EMAIL;
    var templateAnnotations = new LinkedHashMap<String, Object>();
    templateAnnotations.put("autoscaling.knative.dev/minScale", background ? "1" : "0");
    templateAnnotations.put("autoscaling.knative.dev/maxScale", background ? "1" : "10");
    if (background) {
      templateAnnotations.put("run.googleapis.com/cpu-throttling", "false");
    }
    templateAnnotations.put("run.googleapis.com/startup-cpu-boost", "true");
    templateAnnotations.put("run.googleapis.com/execution-environment", "gen2");

    var container = new LinkedHashMap<String, Object>();
    container.put("name", component.id());
    container.put("image", ImageDefaults.process().of(component, component.workload(primary.getSpec()).image()));
    // Cloud Run sets PORT to this containerPort; the services honour $PORT.
    container.put("ports", List.of(nameFirst("http1", "containerPort", component.port())));
    container.put("env", env(primary, component, options));
    container.put("resources", Map.of("limits", limits(primary, component, background)));
    container.put("startupProbe", probe("/health/readiness", component.port(), 0, 3, 2, 40));
    container.put("livenessProbe", probe("/health/liveness", component.port(), 0, 10, 3, 3));

    var spec = new LinkedHashMap<String, Object>();
    spec.put("containerConcurrency", 80);
    spec.put("timeoutSeconds", 300);
    spec.put("containers", List.of(container));
    if (component == Component.CAPABILITIES) {
      container.put("volumeMounts", List.of(nameFirst("memory", "mountPath", ServiceConfig.MEMORY_DIR)));
      spec.put("volumes", List.of(memoryVolume(options)));
    }

    var metadata = new LinkedHashMap<String, Object>();
    metadata.put("name", component.objectName(primary));
    metadata.put("labels", Map.of("app", "artie", "component", component.id()));
    metadata.put("annotations", Map.of("run.googleapis.com/ingress", publicFacing(component) ? "all" : "internal"));

    var service = new LinkedHashMap<String, Object>();
    service.put("apiVersion", "serving.knative.dev/v1");
    service.put("kind", "Service");
    service.put("metadata", metadata);
    service.put("spec", Map.of("template", Map.of("metadata", Map.of("annotations", templateAnnotations), "spec", spec)));
    return service;
  }

  /** HTTP chat and the Twilio webhook are called from outside; the others only reach Redis and the model. */
  private static boolean publicFacing(Component component) {
    return component == Component.HTTP_CHAT || component == Component.SMS;
  }

  private static List<Map<String, Object>> env(ArtieDeployment primary, Component component, CloudRunOptions options) {
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
    return env;
  }

  private static Map<String, Object> secretEnv(String name, String secret) {
    return nameFirst(name, "valueFrom",
        Map.of("secretKeyRef", nameFirst(secret, "key", SecretManagerNames.VERSION)));
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
    String cpu = given != null && given.limits != null && given.limits.cpu != null ? given.limits.cpu : defaults.cpu;
    String memory = given != null && given.limits != null && given.limits.memory != null ? given.limits.memory : defaults.memory;
    if (background && cpu.endsWith("m")) {
      cpu = "1";
    }
    return Map.of("cpu", cpu, "memory", memory);
  }

  private static Map<String, Object> memoryVolume(CloudRunOptions options) {
    if (options.memoryNfs() == null) {
      return nameFirst("memory", "emptyDir", Map.of("medium", "Memory", "sizeLimit", "256Mi"));
    }
    String[] serverPath = options.memoryNfs().split(":", 2);
    return nameFirst("memory", "nfs", Map.of("server", serverPath[0], "path", serverPath[1]));
  }

  private static Map<String, Object> probe(String path, int port, int initialDelay, int period, int timeout, int failures) {
    var probe = new LinkedHashMap<String, Object>();
    probe.put("httpGet", Map.of("path", path, "port", port));
    probe.put("initialDelaySeconds", initialDelay);
    probe.put("periodSeconds", period);
    probe.put("timeoutSeconds", timeout);
    probe.put("failureThreshold", failures);
    return probe;
  }
}
