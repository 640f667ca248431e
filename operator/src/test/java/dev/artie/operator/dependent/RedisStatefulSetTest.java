package dev.artie.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.local.Processes;
import dev.artie.operator.Fixtures;
import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.ResourceList;
import dev.artie.operator.crd.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisStatefulSetTest {
    @TempDir
    Path dir;

    @Test
    void maxmemoryIsEightyPercentOfTheMemoryLimitWithNoEviction() {
        assertThat(args(Fixtures.minimal("a", "ns")))
                .containsSubsequence("--maxmemory", "429496729") // 80 % of the default 512Mi
                .containsSubsequence("--maxmemory-policy", "noeviction");
        var artie = Fixtures.minimal("a", "ns");
        artie.getSpec().redis.managed.resources = new Resources(null, new ResourceList(null, "1Gi"));
        assertThat(args(artie)).containsSubsequence("--maxmemory", "858993459");
    }

    /** The rendered arguments, given to a real redis-server: accepted, and writes refused at the bound. */
    @Test
    void realRedisWithTheRenderedArgumentsRefusesWritesInsteadOfGrowingPastTheBound() throws Exception {
        var artie = Fixtures.minimal("a", "ns");
        artie.getSpec().redis.managed.resources = new Resources(null, new ResourceList(null, "16Mi"));
        var command = new ArrayList<>(List.of(
                "redis-server",
                "--port",
                "0",
                "--unixsocket",
                dir.resolve("redis.sock").toString()));
        for (String arg : args(artie)) {
            command.add(arg.equals("/data") ? dir.toString() : arg);
        }
        Process redis = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> cli("PING").equals("PONG"));
            assertThat(cli("CONFIG", "GET", "maxmemory")).isEqualTo("maxmemory\n13421772");
            assertThat(cli("CONFIG", "GET", "maxmemory-policy")).isEqualTo("maxmemory-policy\nnoeviction");
            String answer = "";
            int written = 0;
            while (written < 64 && !answer.startsWith("OOM")) {
                // Each SETRANGE makes a 1 MiB string on the server without sending the MiB.
                answer = cli("SETRANGE", "key" + written++, Integer.toString(1024 * 1024 - 1), "x");
            }
            assertThat(answer).as(Files.readString(dir.resolve("redis.log"))).startsWith("OOM command not allowed");
            assertThat(written).isBetween(5, 16);
            assertThat(cli("EXISTS", "key0"))
                    .as("noeviction keeps the earlier keys")
                    .isEqualTo("1");
        } finally {
            redis.destroy();
            redis.waitFor();
        }
    }

    private String cli(String... args) throws IOException {
        var command = new ArrayList<>(
                List.of("redis-cli", "-s", dir.resolve("redis.sock").toString()));
        command.addAll(List.of(args));
        return Processes.run(dir, Duration.ofSeconds(30), command).output().strip();
    }

    private static List<String> args(ArtieDeployment artie) {
        return RedisStatefulSetDependent.build(artie)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getArgs();
    }
}
