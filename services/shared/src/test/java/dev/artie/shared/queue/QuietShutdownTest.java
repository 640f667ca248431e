package dev.artie.shared.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.testing.LogCapture;
import dev.artie.shared.testing.RedisExtension;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stopping a service while it works (Ctrl-C of `./artie up`, a rolling update) logs no ERROR, because nothing broke:
 * in particular no timer looks the stopping queue up again, which made a new one mid-shutdown or failed to (the
 * "Error creating scheduled task for bean [StreamConsumerRegistry]" of every Ctrl-C).
 */
class QuietShutdownTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    /** Counts every StreamConsumerRegistry the context makes. */
    static final class Made implements BeanCreatedEventListener<Object> {
        final AtomicInteger streamConsumers = new AtomicInteger();

        @Override
        public Object onCreated(BeanCreatedEvent<Object> event) {
            if (event.getBean() instanceof StreamConsumerRegistry) {
                streamConsumers.incrementAndGet();
            }
            return event.getBean();
        }
    }

    @Test
    void stoppingWhileAMessageIsBeingHandledLogsNoErrorAndMakesNoNewQueue() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        Made made = new Made();
        try (LogCapture logs = new LogCapture()) {
            ApplicationContext context = ApplicationContext.builder()
                    .properties(Map.of("redis.uri", redis.url()))
                    .singletons(made)
                    .start();
            context.getBean(StreamConsumerRegistry.class).start("artie:test:quiet", "quiet", entry -> {
                handling.countDown();
                // Longer than the streams' sampling period: sampling comes due while the service stops.
                long until = System.nanoTime() + Duration.ofSeconds(7).toNanos();
                while (System.nanoTime() < until) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ignored) {
                        // finishes its work, as a handler that cannot be cut short
                    }
                }
            });
            context.getBean(StreamPublisher.class).publish("artie:test:quiet", "{}");
            assertThat(handling.await(20, TimeUnit.SECONDS)).isTrue();
            context.stop();

            assertThat(made.streamConsumers).as("StreamConsumerRegistry made").hasValue(1);
            assertThat(logs.lines()).as("log lines at ERROR").noneMatch(line -> line.startsWith("ERROR"));
        }
    }
}
