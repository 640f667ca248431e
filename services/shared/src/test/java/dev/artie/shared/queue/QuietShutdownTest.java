package dev.artie.shared.queue;

import dev.artie.shared.testing.LogCapture;
import dev.artie.shared.testing.RedisExtension;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping a service (Ctrl-C of `./artie up`, which stops its Redis too) logs no ERROR: nothing broke. */
class QuietShutdownTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @Test
    void stoppingAfterRedisWentAwayLogsNoError() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            for (int round = 0; round < 3; round++) {
                ApplicationContext context = ApplicationContext.run(Map.of("redis.uri", redis.url()));
                context.getBean(StreamConsumers.class).start("artie:test:quiet", "quiet", entry -> { });
                Thread.sleep(1_500 + round * 1_700L);
                redis.server().kill();
                context.stop();
                redis.server().start();
            }
            assertThat(logs.lines()).as("log lines at ERROR").noneMatch(line -> line.startsWith("ERROR"));
        }
    }
}
