package dev.artie.clustertests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.capabilities.testing.EverythingServer;
import dev.artie.operator.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every example under k8s/examples/ runs on the cluster, or says in its comment what it needs from outside. */
@ExtendWith(ClusterExtension.class)
class ExamplesOnClusterTest {
    static final String MCP_HTTP = "k8s/examples/mcp-http.yaml";
    /** The examples a test here runs to Ready; minimal.yaml is ArtieOnClusterTest's. */
    private static final Set<String> RUN = Set.of(Examples.MINIMAL, MCP_HTTP);

    private static final String NEEDS = "# Needs from outside:";

    @Test
    void everyExampleRunsHereOrSaysWhatItNeedsAndPassesTheApiServer(Cluster cluster) {
        OperatorRelease.install(cluster, 1);
        String ns = cluster.createNamespace("artie-examples");
        try {
            for (String example : examples()) {
                assertThat(RUN.contains(example) || RepoFiles.read(example).contains(NEEDS))
                        .as("%s runs in a test here or has a '%s' comment", example, NEEDS)
                        .isTrue();
                cluster.kubectl(
                        "apply",
                        "--dry-run=server",
                        "-n",
                        ns,
                        "-f",
                        RepoFiles.path(example).toString());
            }
        } finally {
            cluster.tryKubectl("delete", "namespace", ns, "--wait=false");
        }
    }

    @Test
    void theRemoteMcpExampleIsReadyAndReachesItsServer(Cluster cluster) throws Exception {
        OperatorRelease.install(cluster, 1);
        String ns = cluster.createNamespace("artie-mcp");
        int port = EverythingServer.freePort();
        Process mcp = EverythingServer.startHttp("streamableHttp", port);
        try (ModelEndpoint model = new ModelEndpoint(cluster.access().hostIp())) {
            Examples.createModelSecret(cluster, ns, "sk-test");
            String url = "http://" + cluster.access().hostIp() + ":" + port + "/mcp";
            Examples.apply(
                    cluster,
                    ns,
                    MCP_HTTP,
                    model.baseUrl(),
                    Map.of("mcpServers", List.of(Map.of("name", "everything", "url", url))));
            Report.figure("kubectl apply mcp-http.yaml to Ready", cluster.waitReady(ns, Examples.NAME));

            try (PortForward capabilities = cluster.portForward(ns, "svc/" + Examples.NAME + "-capabilities", 8081)) {
                assertThat(ChatClient.get(capabilities.url(""), "/health").body())
                        .contains("\"everything\":\"up (");
            }
        } finally {
            mcp.destroy();
            cluster.tryKubectl("delete", "namespace", ns, "--wait=false");
        }
    }

    private static List<String> examples() {
        try (Stream<Path> files = Files.list(RepoFiles.path("k8s/examples"))) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .sorted()
                    .map(f -> RepoFiles.root().relativize(f).toString())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
