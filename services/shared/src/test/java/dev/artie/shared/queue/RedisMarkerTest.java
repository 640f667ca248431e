package dev.artie.shared.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisMarkerTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisMarker marker;

    @BeforeEach
    void connect() {
        client = RedisClientOptions.standalone(redis.url());
        connection = client.connect();
        marker = new RedisMarker(connection.sync(), "artie:test:" + UUID.randomUUID() + ":", Duration.ofMinutes(1));
    }

    @AfterEach
    void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Test
    void ofManyClaimsAtOnceExactlyOneWinsAndItsValueIsKept() {
        List<CompletableFuture<Boolean>> claims = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> marker.claim("id", "claimer-" + i)))
                .toList();
        List<Integer> winners =
                IntStream.range(0, 8).filter(i -> claims.get(i).join()).boxed().toList();

        assertThat(winners).hasSize(1);
        assertThat(marker.read("id")).contains("claimer-" + winners.get(0));
        assertThat(marker.read("other")).isEmpty();
    }

    @Test
    void aClearedMarkerCanBeClaimedAgainAndATakenOneIsGone() {
        assertThat(marker.claim("id", "first")).isTrue();
        marker.clear("id");
        assertThat(marker.claim("id", "second")).isTrue();

        assertThat(marker.take("id")).contains("second");
        assertThat(marker.take("id")).isEmpty();
    }

    @Test
    void aMarkerExpiresAfterItsTimeAndPutOverwrites() {
        marker.put("id", "1");
        marker.put("id", "2");
        assertThat(marker.read("id")).contains("2");
        assertThat(connection.sync().pttl(marker.key("id")))
                .isBetween(1L, Duration.ofMinutes(1).toMillis());

        assertThat(marker.claim("short", "x", Duration.ofMillis(200))).isTrue();
        assertThat(connection.sync().pttl(marker.key("short"))).isBetween(1L, 200L);
    }
}
