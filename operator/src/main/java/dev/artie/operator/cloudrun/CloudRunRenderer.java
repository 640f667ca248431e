package dev.artie.operator.cloudrun;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Component;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders Cloud Run service manifests from an ArtieDeployment: capabilities and each enabled channel.
 * Usage: CloudRunRenderer artie.yaml out-dir [--redis-url-secret NAME] [--memory-nfs SERVER:/PATH]
 */
public final class CloudRunRenderer {
  private CloudRunRenderer() {}

  public static Map<String, String> render(ArtieDeployment artie, CloudRunOptions options) {
    var files = new LinkedHashMap<String, String>();
    for (Component component : Component.values()) {
      if (component.enabled(artie.getSpec())) {
        files.put(component.objectName(artie) + ".yaml",
            Serialization.asYaml(CloudRunServiceFactory.service(artie, component, options)));
      }
    }
    return files;
  }

  public static List<Path> renderFile(Path input, Path outDir, CloudRunOptions options) throws IOException {
    ArtieDeployment artie;
    try (InputStream in = Files.newInputStream(input)) {
      artie = Serialization.unmarshal(in, ArtieDeployment.class);
    }
    Files.createDirectories(outDir);
    var written = new ArrayList<Path>();
    for (var file : render(artie, options).entrySet()) {
      written.add(Files.writeString(outDir.resolve(file.getKey()), file.getValue()));
    }
    return written;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: CloudRunRenderer <artiedeployment.yaml> <out-dir>"
          + " [--redis-url-secret NAME] [--memory-nfs SERVER:/PATH]");
      System.exit(2);
    }
    String redisSecret = CloudRunOptions.DEFAULT_REDIS_URL_SECRET;
    String nfs = null;
    for (int i = 2; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--redis-url-secret" -> redisSecret = args[i + 1];
        case "--memory-nfs" -> nfs = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    for (Path file : renderFile(Path.of(args[0]), Path.of(args[1]), new CloudRunOptions(redisSecret, nfs))) {
      System.out.println(file);
    }
  }
}
