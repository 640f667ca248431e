package dev.artie.capabilities.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import dev.artie.capabilities.testing.MutableClock;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reminders against a real Redis server, on a clock the test moves: set, listed, cancelled, delivered, forgotten. */
class RemindersCapabilityTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static final MessageCodec CODEC = MessageCodec.standalone();
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static ReminderStore store;

    private MutableClock clock;
    private RemindersCapability reminders;
    private ReminderDelivery delivery;
    private String stream;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(redis.url());
        connection = client.connect();
        store = new ReminderStore(connection);
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    @BeforeEach
    void setUp() {
        connection.sync().del(ReminderStore.DUE);
        clock = new MutableClock(); // Thursday 1 January 2026, 00:00 UTC
        ReminderSettings settings = new ReminderSettings("UTC", 3, Duration.ofSeconds(1));
        reminders = new RemindersCapability(store, settings, clock);
        delivery = new ReminderDelivery(
                store, new StreamPublisher(connection.sync(), 10_000), CODEC, new SimpleMeterRegistry(), clock);
        stream = Streams.outgoing("test-" + UUID.randomUUID());
    }

    private CapabilityContext person() {
        return new CapabilityContext("test", "p-" + UUID.randomUUID(), "c-1", stream, Map.of("chatId", "42"));
    }

    private List<ReplyMessage> delivered(String toStream) {
        return connection.sync().xrange(toStream, Range.create("-", "+")).stream()
                .map(entry -> CODEC.decodeReply(entry.getBody().get(Streams.MESSAGE_FIELD)))
                .toList();
    }

    @Test
    void setsListsAndCancelsByNumberOrWords() throws Exception {
        CapabilityContext ann = person();
        assertThat(reminders.execute("set", Map.of("when", "in 10 minutes", "text", "stretch"), ann))
                .isEqualTo("OK, I'll remind you to stretch on Thu 1 Jan at 00:10.");
        reminders.execute("set", Map.of("when", "every weekday at 9", "text", "stand up"), ann);
        reminders.execute("set", Map.of("when", "at 5pm", "text", "call mum"), ann);

        assertThat(reminders.execute("list", Map.of(), ann))
                .isEqualTo("Your reminders (times in UTC): "
                        + "1. stretch, on Thu 1 Jan at 00:10; "
                        + "2. stand up, every weekday at 09:00 (next Thu 1 Jan at 09:00); "
                        + "3. call mum, on Thu 1 Jan at 17:00.");
        assertThat(reminders.execute("cancel", Map.of("which", "2"), ann))
                .isEqualTo("Cancelled your reminder to stand up.");
        assertThat(reminders.execute("cancel", Map.of("which", "Stretch"), ann))
                .isEqualTo("Cancelled your reminder to stretch.");
        assertThat(reminders.execute("list", Map.of(), ann))
                .isEqualTo("Your reminders (times in UTC): " + "1. call mum, on Thu 1 Jan at 17:00.");
        assertThatThrownBy(() -> reminders.execute("cancel", Map.of("which", "yoga"), ann))
                .hasMessageStartingWith("no reminder matches 'yoga'. Your reminders");
        assertThat(reminders.execute("list", Map.of(), person())).isEqualTo("You have no reminders.");
    }

    @Test
    void aPersonHasABoundedNumberOfReminders() throws Exception {
        CapabilityContext ann = person();
        for (int i = 1; i <= 3; i++) {
            reminders.execute("set", Map.of("when", "in " + i + " hours", "text", "drink water " + i), ann);
        }
        assertThatThrownBy(() -> reminders.execute("set", Map.of("when", "in 4 hours", "text", "one more"), ann))
                .isInstanceOf(CapabilityException.class)
                .hasMessageStartingWith("you have 3 reminders already");
        reminders.execute("set", Map.of("when", "in 4 hours", "text", "someone else's"), person());
    }

    @Test
    void theTimeZoneThePersonGaveIsUsedAndEachPersonHasTheirOwn() throws Exception {
        CapabilityContext ann = person();
        assertThat(reminders.execute("timezone", Map.of("zone", "Tokyo"), ann))
                .startsWith("OK, your time zone is Asia/Tokyo (it is Thu 1 Jan at 09:00 there now)");
        reminders.execute("set", Map.of("when", "at 9", "text", "tokyo nine"), ann);
        CapabilityContext bob = person();
        reminders.execute("set", Map.of("when", "at 9", "text", "utc nine"), bob);

        assertThat(store.list(ann.channel(), ann.personId()).getFirst().due())
                .as("9:00 in Tokyo has just passed: tomorrow's")
                .isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(store.list(bob.channel(), bob.personId()).getFirst().due())
                .isEqualTo(Instant.parse("2026-01-01T09:00:00Z"));
        assertThat(reminders.execute("list", Map.of(), ann))
                .contains("times in Asia/Tokyo")
                .contains("on Fri 2 Jan at 09:00");
        assertThatThrownBy(() -> reminders.execute("timezone", Map.of("zone", "Atlantis"), ann))
                .hasMessageContaining("not a time zone I know");
    }

    @Test
    void aDueReminderIsDeliveredOnceWithTheAddressItWasSetWith() throws Exception {
        CapabilityContext ann = person();
        reminders.execute("set", Map.of("when", "in 2 minutes", "text", "stretch"), ann);
        delivery.deliverDue();
        assertThat(delivered(stream)).as("not due yet").isEmpty();

        clock.advance(Duration.ofMinutes(2));
        delivery.deliverDue();
        delivery.deliverDue();

        List<ReplyMessage> replies = delivered(stream);
        assertThat(replies).hasSize(1);
        ReplyMessage reply = replies.getFirst();
        assertThat(reply.text()).isEqualTo("Reminder: stretch");
        assertThat(reply.personId()).isEqualTo(ann.personId());
        assertThat(reply.conversationId()).isEqualTo("c-1");
        assertThat(reply.metadata()).containsEntry("chatId", "42").containsKey("reminder");
        assertThat(reminders.execute("list", Map.of(), ann)).isEqualTo("You have no reminders.");
        assertThat(connection.sync().zcard(ReminderStore.DUE)).isZero();
    }

    @Test
    void aRepeatingReminderMovesOnToItsNextTimeAndOnceAfterALongDowntime() throws Exception {
        CapabilityContext ann = person();
        reminders.execute("set", Map.of("when", "every weekday at 9", "text", "stand up"), ann);

        clock.advance(Duration.ofHours(9)); // Thursday 09:00
        delivery.deliverDue();
        assertThat(delivered(stream)).extracting(ReplyMessage::text).containsExactly("Reminder: stand up");
        assertThat(store.list(ann.channel(), ann.personId()).getFirst().due())
                .isEqualTo(Instant.parse("2026-01-02T09:00:00Z"));

        clock.advance(Duration.ofDays(5)); // Tuesday 09:00: Friday's and Monday's were missed while "down"
        delivery.deliverDue();
        delivery.deliverDue();
        List<ReplyMessage> replies = delivered(stream);
        assertThat(replies).hasSize(2);
        assertThat(replies.get(1).text())
                .isEqualTo("Reminder: stand up (it was due on Fri 2 Jan at 09:00; I could " + "not send it then)");
        assertThat(store.list(ann.channel(), ann.personId()).getFirst().due())
                .as("after now, not Monday's")
                .isEqualTo(Instant.parse("2026-01-07T09:00:00Z"));
    }

    @Test
    void aReminderWonByAReplicaThatDiedIsDeliveredOnceAfterItsLease() throws Exception {
        CapabilityContext ann = person();
        reminders.execute("set", Map.of("when", "in 1 minute", "text", "stretch"), ann);
        clock.advance(Duration.ofMinutes(1));
        String id = store.dueBy(clock.instant(), 10).getFirst();
        Reminder won = store.claim(id, clock.instant(), ReminderDelivery.LEASE).orElseThrow();
        new StreamPublisher(connection.sync(), 10_000).publishReplyOnce(won.stream(), won.occurrenceId(), "{}");
        // The winner published, then died before moving the reminder on: nobody takes it during its lease.
        delivery.deliverDue();
        assertThat(store.list(ann.channel(), ann.personId())).hasSize(1);

        clock.advance(ReminderDelivery.LEASE.plusSeconds(1));
        delivery.deliverDue();

        assertThat(connection.sync().xlen(stream))
                .as("the one entry the winner published")
                .isEqualTo(1);
        assertThat(store.list(ann.channel(), ann.personId())).isEmpty();
    }

    @Test
    void anHttpReminderGoesToTheChannelsSharedStreamNotTheInstanceThatWasAsked() throws Exception {
        CapabilityContext ann = new CapabilityContext(
                "http", "ann-" + UUID.randomUUID(), "c-2", Streams.outgoing("http", "instance-1"), Map.of());
        reminders.execute("set", Map.of("when", "in 1 minute", "text", "stretch"), ann);
        clock.advance(Duration.ofMinutes(1));
        delivery.deliverDue();

        assertThat(delivered(Streams.outgoing("http")))
                .extracting(ReplyMessage::personId)
                .contains(ann.personId());
        assertThat(connection.sync().exists(Streams.outgoing("http", "instance-1")))
                .isZero();
    }

    @Test
    void aMessageWithNoWayBackSetsNoReminder() {
        CapabilityContext nowhere = new CapabilityContext("test", "p", "c");
        assertThatThrownBy(() -> reminders.execute("set", Map.of("when", "in 1 minute", "text", "x"), nowhere))
                .hasMessageContaining("need a channel");
    }

    @Test
    void forgettingAPersonDeletesTheirRemindersAndTimeZoneOnly() throws Exception {
        CapabilityContext ann = person();
        CapabilityContext bob = person();
        reminders.execute("timezone", Map.of("zone", "Europe/Paris"), ann);
        reminders.execute("set", Map.of("when", "in 1 hour", "text", "ann's"), ann);
        reminders.execute("set", Map.of("when", "every day at 9", "text", "ann's daily"), ann);
        reminders.execute("set", Map.of("when", "in 1 hour", "text", "bob's"), bob);

        store.forget(ann.channel(), ann.personId());

        assertThat(reminders.execute("list", Map.of(), ann)).isEqualTo("You have no reminders.");
        assertThat(store.zone(ann.channel(), ann.personId())).isEmpty();
        assertThat(connection.sync().keys("*" + ann.personId() + "*")).isEmpty();
        assertThat(connection.sync().zcard(ReminderStore.DUE)).as("bob's only").isEqualTo(1);
        clock.advance(Duration.ofHours(1));
        delivery.deliverDue();
        assertThat(delivered(stream)).extracting(ReplyMessage::text).containsExactly("Reminder: bob's");
    }
}
