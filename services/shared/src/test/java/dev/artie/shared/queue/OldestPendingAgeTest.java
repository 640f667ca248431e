package dev.artie.shared.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lettuce.core.Range;
import io.lettuce.core.models.stream.PendingMessages;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** artie.stream.oldest.pending.seconds: the age of XPENDING's oldest id, read from the id's timestamp. */
class OldestPendingAgeTest {

    @Test
    void isTheAgeOfTheOldestPendingId() {
        long tenMinutesAgo = System.currentTimeMillis() - 600_000;
        var pending = new PendingMessages(
                2, Range.create(tenMinutesAgo + "-3", (tenMinutesAgo + 5_000) + "-0"), Map.of("consumer-1", 2L));
        assertThat(StreamConsumerRegistry.oldestAgeMillis(pending, System.currentTimeMillis()))
                .isCloseTo(600_000L, within(5_000L));
    }

    @Test
    void isZeroWhenNothingIsPending() {
        assertThat(StreamConsumerRegistry.oldestAgeMillis(
                        new PendingMessages(0, Range.unbounded(), Map.of()), System.currentTimeMillis()))
                .isZero();
    }

    @Test
    void isZeroForAnIdItCannotRead() {
        assertThat(StreamConsumerRegistry.oldestAgeMillis(
                        new PendingMessages(1, Range.create("junk", "junk"), Map.of()), System.currentTimeMillis()))
                .isZero();
        long future = System.currentTimeMillis() + 60_000;
        assertThat(StreamConsumerRegistry.oldestAgeMillis(
                        new PendingMessages(1, Range.create(future + "-0", future + "-0"), Map.of()),
                        System.currentTimeMillis()))
                .as("clock skew never gives a negative age")
                .isZero();
    }
}
