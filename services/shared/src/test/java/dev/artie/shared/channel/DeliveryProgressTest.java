package dev.artie.shared.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.shared.queue.RedisClientOptions;
import dev.artie.shared.queue.RetryLaterException;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Item 8: checking whether a reply is being sent and claiming it are one step, so two consumers never both send. */
class DeliveryProgressTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private DeliveryProgress progress;

    @BeforeEach
    void connect() {
        client = RedisClientOptions.standalone(redis.url());
        connection = client.connect();
        connection.sync().flushall();
        progress = new DeliveryProgress(connection);
    }

    @AfterEach
    void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Test
    void aSecondConsumerOfTheSameReplySendsNothingWhileTheFirstOneSends() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        CountDownLatch firstPartInProgress = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                progress.deliver("test", "reply-1", 2, part -> {
                    firstPartInProgress.countDown();
                    release.await();
                    sent.add("first:" + part);
                    return true;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(firstPartInProgress.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> progress.deliver("test", "reply-1", 2, part -> sent.add("second:" + part)))
                .isInstanceOf(RetryLaterException.class)
                .hasMessageContaining("another consumer");
        release.countDown();
        first.get(5, TimeUnit.SECONDS);

        // A retry after the first one finished resumes after the last part sent: nothing is sent again.
        progress.deliver("test", "reply-1", 2, part -> sent.add("retry:" + part));
        assertThat(sent).containsExactly("first:0", "first:1");
        assertThat(progress.partsSent("test", "reply-1")).isEqualTo(2);
    }

    @Test
    void aFailedPartIsResumedWithoutSendingTheOnesBefore() throws Exception {
        List<Integer> sent = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> progress.deliver("test", "reply-2", 3, part -> {
                    if (part == 1) {
                        throw new IllegalStateException("provider down");
                    }
                    return sent.add(part);
                }))
                .hasMessage("provider down");

        progress.deliver("test", "reply-2", 3, sent::add);
        assertThat(sent).containsExactly(0, 1, 2);
    }
}
