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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Renders Cloud Run service manifests from an ArtieDeployment: capabilities and each enabled channel, and beside
 * them {@value #DEPLOY_SCRIPT}, the gcloud commands that create what the services need besides their YAML.
 * Run as {@code ./artie cloud-run render artie.yaml out-dir [options]}.
 */
public final class CloudRunRenderer {
    public static final String DEPLOY_SCRIPT = "deploy.sh";

    private CloudRunRenderer() {}

    public static Map<String, String> render(ArtieDeployment artie, CloudRunOptions options) {
        var files = new LinkedHashMap<String, String>();
        for (Component component : Component.values()) {
            if (component.enabled(artie.getSpec())) {
                files.put(
                        component.objectName(artie) + ".yaml",
                        Serialization.asYaml(CloudRunServiceFactory.service(artie, component, options)));
            }
        }
        files.put(DEPLOY_SCRIPT, deployScript(artie, options));
        return files;
    }

    /**
     * A service account per service, the secretAccessor grant on each secret it reads, Direct VPC egress (in the
     * manifests' annotations when --vpc-network is given), then the services themselves.
     */
    static String deployScript(ArtieDeployment artie, CloudRunOptions options) {
        var script = new StringBuilder("""
        #!/usr/bin/env bash
        # Rendered by ./artie cloud-run render beside the service manifests. Create the secrets first (their values
        # never pass through the renderer), e.g.  printf %s "$VALUE" | gcloud secrets create NAME --data-file=-
        set -euo pipefail
        """);
        String project = options.project() == null ? "\"$PROJECT\"" : options.project();
        if (options.project() == null) {
            script.append(
                    ": \"${PROJECT:?set PROJECT, or render with --project to give each service its own account}\"\n");
        }
        var secrets = new LinkedHashSet<String>();
        for (Component component : Component.values()) {
            if (component.enabled(artie.getSpec())) {
                secrets.addAll(CloudRunServiceFactory.secrets(artie, component, options));
            }
        }
        script.append("# Secrets the services read (create any that are missing):\n");
        for (String secret : secrets) {
            script.append("gcloud secrets describe ")
                    .append(secret)
                    .append(" --project ")
                    .append(project)
                    .append(" >/dev/null || { echo \"create the secret ")
                    .append(secret)
                    .append(" first\" >&2; exit 1; }\n");
        }
        if (options.vpcNetwork() != null) {
            script.append("# Direct VPC egress (the manifests name network ")
                    .append(options.vpcNetwork())
                    .append(", subnet ")
                    .append(options.vpcSubnet())
                    .append("): Memorystore and Filestore are private.\n")
                    .append("gcloud compute networks subnets describe ")
                    .append(options.vpcSubnet())
                    .append(" --region ")
                    .append(options.region())
                    .append(" --project ")
                    .append(project)
                    .append(" >/dev/null\n");
        }
        for (Component component : Component.values()) {
            if (!component.enabled(artie.getSpec())) {
                continue;
            }
            String name = component.objectName(artie);
            if (options.project() != null) {
                String account = options.serviceAccount(name);
                script.append("gcloud iam service-accounts describe ")
                        .append(account)
                        .append(" --project ")
                        .append(project)
                        .append(" >/dev/null 2>&1 || gcloud iam service-accounts create ")
                        .append(name)
                        .append(" --project ")
                        .append(project)
                        .append(" --display-name 'Artie ")
                        .append(component.id())
                        .append("'\n");
                for (String secret : CloudRunServiceFactory.secrets(artie, component, options)) {
                    script.append("gcloud secrets add-iam-policy-binding ")
                            .append(secret)
                            .append(" --project ")
                            .append(project)
                            .append(" --member serviceAccount:")
                            .append(account)
                            .append(" --role roles/secretmanager.secretAccessor >/dev/null\n");
                }
            }
            script.append("gcloud run services replace \"$(dirname \"$0\")/")
                    .append(name)
                    .append(".yaml\" --project ")
                    .append(project)
                    .append(" --region ")
                    .append(options.region())
                    .append('\n');
        }
        return script.toString();
    }

    public static List<Path> renderFile(Path input, Path outDir, CloudRunOptions options) throws IOException {
        ArtieDeployment artie;
        try (InputStream in = Files.newInputStream(input)) {
            artie = Serialization.unmarshal(in, ArtieDeployment.class);
        }
        var rendered = render(artie, options);
        Files.createDirectories(outDir);
        var written = new ArrayList<Path>();
        for (var file : rendered.entrySet()) {
            written.add(Files.writeString(outDir.resolve(file.getKey()), file.getValue()));
        }
        return written;
    }

    @Command(
            name = "./artie cloud-run render",
            description = "Renders one Cloud Run service per Artie service, and deploy.sh with the gcloud commands.")
    static final class RenderCommand implements Callable<Integer> {
        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "this help")
        boolean help;

        @Parameters(index = "0", description = "the ArtieDeployment YAML")
        Path input;

        @Parameters(index = "1", description = "the output directory")
        Path outDir;

        @Option(
                names = "--redis-url-secret",
                description = "Secret Manager secret with the rediss:// URL (default ${DEFAULT-VALUE})")
        String redisUrlSecret = CloudRunOptions.DEFAULT_REDIS_URL_SECRET;

        @Option(
                names = "--redis-ca-cert-secret",
                description = "Secret Manager secret with the Redis server's CA (PEM)")
        String redisCaCertSecret;

        @Option(
                names = "--memory-nfs",
                paramLabel = "SERVER:/PATH",
                description = "NFS export (Filestore) for the memories")
        String memoryNfs;

        @Option(
                names = "--ephemeral-memory",
                description = "accept memories on an in-memory volume, lost with every revision")
        boolean ephemeralMemory;

        @Option(names = "--project", description = "Google Cloud project: one service account per service")
        String project;

        @Option(names = "--region", description = "region (default ${DEFAULT-VALUE})")
        String region = CloudRunOptions.DEFAULT_REGION;

        @Option(names = "--vpc-network", description = "Direct VPC egress network (to reach Memorystore)")
        String vpcNetwork;

        @Option(names = "--vpc-subnet", description = "its subnet (default: the network's name)")
        String vpcSubnet;

        @Override
        public Integer call() throws IOException {
            if (memoryNfs != null && !memoryNfs.contains(":/")) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this), "--memory-nfs takes SERVER:/PATH, not " + memoryNfs);
            }
            var options = new CloudRunOptions(
                    redisUrlSecret,
                    redisCaCertSecret,
                    memoryNfs,
                    ephemeralMemory,
                    project,
                    region,
                    vpcNetwork,
                    vpcNetwork != null && vpcSubnet == null ? vpcNetwork : vpcSubnet);
            for (Path file : renderFile(input, outDir, options)) {
                System.out.println(file);
            }
            return 0;
        }
    }

    public static void main(String[] args) {
        var command = new CommandLine(new RenderCommand());
        command.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("artie cloud-run render: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(command.execute(args));
    }
}
