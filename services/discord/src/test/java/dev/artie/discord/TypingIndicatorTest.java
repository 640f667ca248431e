package dev.artie.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TypingIndicatorTest {

    @Test
    void typingIsShownAtOnceRefreshedAndEndedByTheReply() throws InterruptedException {
        TypingIndicator typing = new TypingIndicator(Duration.ofMinutes(1), Duration.ofMillis(50));
        AtomicInteger sent = new AtomicInteger();

        typing.start("m1", sent::incrementAndGet);
        await().atMost(Duration.ofSeconds(2)).until(() -> sent.get() >= 3);
        typing.stop("m1");
        int afterStop = sent.get();
        Thread.sleep(300);

        assertThat(sent.get()).isLessThanOrEqualTo(afterStop + 1);
        assertThat(typing.active()).isZero();
        typing.close();
    }

    @Test
    void typingEndsByItselfWhenNoReplyComes() {
        TypingIndicator typing = new TypingIndicator(Duration.ofMillis(200), Duration.ofMillis(20));
        AtomicInteger sent = new AtomicInteger();

        typing.start("m2", sent::incrementAndGet);

        await().atMost(Duration.ofSeconds(2)).until(() -> typing.active() == 0);
        int atCap = sent.get();
        assertThat(atCap).isBetween(2, 15);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> sent.get() == atCap);
        typing.close();
    }
}
