package dev.artie.capabilities.reminders;

import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.StreamPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers due reminders, exactly once whatever the number of replicas and restarts (docs/architecture.md,
 * "Reminders"): every replica looks every {@code ARTIE_REMINDER_POLL_INTERVAL}, one wins each due reminder
 * ({@link ReminderStore#claim}), publishes it as a reply whose id is made of the reminder's id and due time (so the
 * queue's "replied" key lets one occurrence out once, {@link StreamPublisher#publishReplyOnce}), then moves it on
 * to its next time or deletes it. A winner that dies before that leaves it to be won again after {@link #LEASE};
 * the second publish then finds the occurrence replied and only moves it on.
 */
@Singleton
public class ReminderDelivery {
    /** How long a won reminder is left to its winner: far longer than one publish takes. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** A reminder delivered later than this (the service was down) says when it was due. */
    static final Duration LATE = Duration.ofMinutes(1);

    static final String METADATA = "reminder";
    private static final int BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ReminderDelivery.class);

    private final ReminderStore store;
    private final StreamPublisher publisher;
    private final MessageCodec codec;
    private final MeterRegistry metrics;
    private final Clock clock;
    private volatile boolean failing;

    public ReminderDelivery(
            ReminderStore store, StreamPublisher publisher, MessageCodec codec, MeterRegistry metrics, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.codec = codec;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs at start too, so a reminder that fell due while the service was down goes out at once. */
    @Scheduled(fixedDelay = "${artie.reminder.poll-interval}")
    void deliverDue() {
        try {
            Instant now = clock.instant();
            for (String id : store.dueBy(now, BATCH)) {
                store.claim(id, now, LEASE).ifPresent(reminder -> deliver(reminder, now));
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("could not deliver due reminders (trying again every poll): {}", e.getMessage());
            }
            failing = true;
        }
    }

    private void deliver(Reminder reminder, Instant now) {
        boolean published = publisher.publishReplyOnce(
                reminder.stream(), reminder.occurrenceId(), codec.encode(replyFor(reminder, now)));
        // A repeating reminder missed several times while the service was down is delivered once, then goes on.
        Optional<Instant> next = reminder.repeat()
                .map(repeat -> repeat.next(now.isAfter(reminder.due()) ? now : reminder.due(), reminder.zone()));
        store.done(reminder, next);
        metrics.counter(
                        "artie.reminders",
                        "channel",
                        reminder.channel(),
                        "outcome",
                        published ? "delivered" : "duplicate")
                .increment();
        LOG.info(
                "reminder {} due at {} {} on {}",
                reminder.id(),
                reminder.due(),
                published ? "delivered" : "was already delivered",
                reminder.stream());
    }

    private static ReplyMessage replyFor(Reminder reminder, Instant now) {
        String occurrence = reminder.occurrenceId();
        String text = "Reminder: " + reminder.text();
        if (Duration.between(reminder.due(), now).compareTo(LATE) > 0) {
            text += " (it was due on " + ReminderTime.describe(reminder.due(), reminder.zone()) + "; I could not send"
                    + " it then)";
        }
        Map<String, String> metadata = new HashMap<>(reminder.metadata());
        metadata.put(METADATA, reminder.id());
        return new ReplyMessage(
                ReplyMessage.VERSION,
                ReplyMessage.TYPE,
                UUID.nameUUIDFromBytes(occurrence.getBytes(StandardCharsets.UTF_8))
                        .toString(),
                occurrence,
                occurrence,
                reminder.channel(),
                reminder.personId(),
                reminder.conversationId(),
                text,
                now,
                false,
                metadata,
                reminder.due());
    }
}
