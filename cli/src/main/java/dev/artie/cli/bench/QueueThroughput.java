package dev.artie.cli.bench;

import dev.artie.catalogue.ArtieService;
import dev.artie.cli.RedisSession;
import dev.artie.shared.queue.DeadLetters;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.QueueSettings;
import dev.artie.shared.queue.StreamConsumer;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * (a) Messages per second through the real queue code: {@link StreamPublisher} appends, a {@link StreamConsumer}
 * (the services' settings) reads, hands each to a handler that does nothing, and acknowledges it.
 */
final class QueueThroughput {
    private static final int PUBLISHERS = 16;
    private static final String GROUP = "bench";

    private final String redisUrl;

    QueueThroughput(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    /** @return messages per second, from the first publish until the last acknowledgement */
    double measure(String stream, int messages) throws Exception {
        String payload = MessageCodec.standalone()
                .encode(IncomingMessage.create(
                        ArtieService.HTTP_CHAT.channel(),
                        "bench-person",
                        "bench-conversation",
                        "what is 17% of 240?",
                        Streams.outgoing("bench"),
                        Map.of()));
        try (RedisSession publishing = RedisSession.open(redisUrl);
                RedisSession consuming = RedisSession.open(redisUrl)) {
            CountDownLatch handled = new CountDownLatch(messages);
            StreamPublisher publisher = new StreamPublisher(publishing.commands(), messages * 2L);
            StreamConsumer consumer = new StreamConsumer(
                    consuming.client(),
                    consuming.commands(),
                    stream,
                    GROUP,
                    "bench-consumer",
                    QueueSettings.defaults(),
                    entry -> handled.countDown(),
                    new DeadLetters(consuming.commands(), publisher),
                    new SimpleMeterRegistry());
            consumer.start();
            try {
                long start = System.nanoTime();
                publishConcurrently(publisher, stream, payload, messages);
                if (!handled.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("only " + (messages - handled.getCount()) + " of " + messages
                            + " messages arrived within 60 s");
                }
                awaitAcknowledged(publishing, stream);
                return messages / ((System.nanoTime() - start) / 1e9);
            } finally {
                consumer.stop(Duration.ofSeconds(5));
                publishing.commands().del(stream);
            }
        }
    }

    /** Several publishers at once, as several channel instances would publish; Lettuce pipelines them. */
    private static void publishConcurrently(StreamPublisher publisher, String stream, String payload, int messages)
            throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int share = messages / PUBLISHERS + (p < messages % PUBLISHERS ? 1 : 0);
                done.add(threads.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        publisher.publish(stream, payload);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
    }

    private static void awaitAcknowledged(RedisSession session, String stream) throws InterruptedException {
        while (session.commands().xpending(stream, GROUP).getCount() > 0) {
            Thread.sleep(1);
        }
    }
}
