package dev.artie.capabilities.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.capabilities.capability.CapabilityCall;
import dev.artie.capabilities.capability.CapabilityException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The plain-language triggers of reminders, and the times they name, from a fixed instant. */
class ReminderQuestionTest {
    /** A Thursday, 10:30 in UTC, 11:30 in Paris, 19:30 in Tokyo. */
    private static final Instant NOW = Instant.parse("2026-12-03T10:30:00Z");

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static Map<String, Object> set(String text) {
        Optional<CapabilityCall> call = ReminderQuestion.find(text);
        assertThat(call).as("a reminder request: %s", text).isPresent();
        assertThat(call.get().label()).isEqualTo("reminders.set");
        return call.get().arguments();
    }

    @Test
    void findsRemindersSetInEitherOrder() {
        assertThat(set("remind me in 10 minutes to stretch"))
                .containsEntry("when", "in 10 minutes")
                .containsEntry("text", "stretch");
        assertThat(set("Remind me to Call Mum at 5pm"))
                .containsEntry("when", "at 5pm")
                .containsEntry("text", "Call Mum");
        assertThat(set("every weekday at 9 remind me to stand up"))
                .containsEntry("when", "every weekday at 9")
                .containsEntry("text", "stand up");
        assertThat(set("hey Artie, please remind me tomorrow at 8 to water the plants!"))
                .containsEntry("when", "tomorrow at 8")
                .containsEntry("text", "water the plants");
        assertThat(set("remind me to look at the stars at 9pm"))
                .containsEntry("text", "look at the stars")
                .containsEntry("when", "at 9pm");
        assertThat(set("set a reminder for every monday at 10 to plan the week"))
                .containsEntry("when", "every monday at 10")
                .containsEntry("text", "plan the week");
        assertThat(set("remind me about the meeting in an hour"))
                .containsEntry("when", "in an hour")
                .containsEntry("text", "the meeting");
        assertThat(set("remind me to buy milk"))
                .as("no time: the capability asks when")
                .containsEntry("when", "")
                .containsEntry("text", "buy milk");
    }

    @Test
    void findsListingCancellingAndTimeZones() {
        assertThat(ReminderQuestion.find("what are my reminders?"))
                .map(CapabilityCall::label)
                .contains("reminders.list");
        assertThat(ReminderQuestion.find("Do I have any reminders?"))
                .map(CapabilityCall::label)
                .contains("reminders.list");
        assertThat(ReminderQuestion.find("cancel the stretch reminder"))
                .map(CapabilityCall::arguments)
                .contains(Map.of("which", "stretch"));
        assertThat(ReminderQuestion.find("cancel reminder 2"))
                .map(CapabilityCall::arguments)
                .contains(Map.of("which", "2"));
        assertThat(ReminderQuestion.find("stop reminding me to stand up"))
                .map(CapabilityCall::arguments)
                .contains(Map.of("which", "stand up"));
        assertThat(ReminderQuestion.find("my time zone is Europe/Paris"))
                .map(CapabilityCall::arguments)
                .contains(Map.of("zone", "europe/paris"));
        assertThat(ReminderQuestion.find("I'm in Tokyo"))
                .map(CapabilityCall::label)
                .contains("reminders.timezone");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "remind me what my favourite food is",
                "can you remind me of my password?",
                "don't remind me to stretch",
                "I asked you to remind me in 10 minutes to stretch",
                "I'm in trouble",
                "I'm in a meeting",
                "what time is it in Tokyo?",
                "add milk to my shopping list",
                "reminders are useful",
                "the meeting is at 5pm",
                "cancel my subscription"
            })
    void nearMissesSetNothing(String text) {
        assertThat(ReminderQuestion.find(text)).as(text).isEmpty();
    }

    @Test
    void relativeTimesCountFromNow() throws Exception {
        assertThat(ReminderTime.parse("in 10 minutes", NOW, PARIS).first()).isEqualTo(NOW.plusSeconds(600));
        assertThat(ReminderTime.parse("in an hour", NOW, PARIS).first()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(ReminderTime.parse("in 2 days", NOW, PARIS).first()).isEqualTo(NOW.plusSeconds(2 * 86_400));
        assertThat(ReminderTime.parse("in half an hour", NOW, PARIS).first()).isEqualTo(NOW.plusSeconds(1800));
        assertThat(ReminderTime.parse("in 2 seconds", NOW, PARIS).repeat()).isEmpty();
    }

    @Test
    void clockTimesAreInThePersonsZoneAndAPassedOneMeansTomorrow() throws Exception {
        // 11:30 in Paris: 5pm is today, 9 has passed so it is tomorrow's, both in Paris (UTC+1 in December).
        assertThat(ReminderTime.parse("at 5pm", NOW, PARIS).first()).isEqualTo(Instant.parse("2026-12-03T16:00:00Z"));
        assertThat(ReminderTime.parse("at 9", NOW, PARIS).first()).isEqualTo(Instant.parse("2026-12-04T08:00:00Z"));
        assertThat(ReminderTime.parse("at 9", NOW, ZoneId.of("Asia/Tokyo")).first())
                .isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
        assertThat(ReminderTime.parse("tomorrow at 8", NOW, ZoneOffset.UTC).first())
                .isEqualTo(Instant.parse("2026-12-04T08:00:00Z"));
        assertThat(ReminderTime.parse("at 7:45 am tomorrow", NOW, ZoneOffset.UTC)
                        .first())
                .isEqualTo(Instant.parse("2026-12-04T07:45:00Z"));
        assertThat(ReminderTime.parse("monday at 10", NOW, ZoneOffset.UTC).first())
                .isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(ReminderTime.parse("at 12am", NOW, ZoneOffset.UTC).first())
                .isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
        assertThat(ReminderTime.parse("at noon", NOW, ZoneOffset.UTC).first())
                .isEqualTo(Instant.parse("2026-12-03T12:00:00Z"));
    }

    @Test
    void repeatingTimesFindTheirNextOccurrence() throws Exception {
        ReminderTime.Schedule weekdays = ReminderTime.parse("every weekday at 9", NOW, PARIS);
        assertThat(weekdays.first()).isEqualTo(Instant.parse("2026-12-04T08:00:00Z")); // Friday
        ReminderTime.Repeat repeat = weekdays.repeat().orElseThrow();
        assertThat(repeat.next(weekdays.first(), PARIS))
                .as("after Friday comes Monday")
                .isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(ReminderTime.parse("every monday at 10", NOW, ZoneOffset.UTC).first())
                .isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        ReminderTime.Schedule daily = ReminderTime.parse("every day at 9", NOW, ZoneOffset.UTC);
        assertThat(daily.first()).isEqualTo(Instant.parse("2026-12-04T09:00:00Z"));
        assertThat(daily.repeat().orElseThrow().next(daily.first(), ZoneOffset.UTC))
                .isEqualTo(Instant.parse("2026-12-05T09:00:00Z"));
        // Summer time begins in Paris on 28 March 2027: 9:00 stays 9:00 local, an hour earlier in UTC.
        ReminderTime.Repeat nine = new ReminderTime.Repeat("day", LocalTime.of(9, 0));
        assertThat(nine.next(Instant.parse("2027-03-28T08:30:00Z"), PARIS))
                .isEqualTo(Instant.parse("2027-03-29T07:00:00Z"));
    }

    @Test
    void timesItCannotUseAreRefusedWithAnExample() {
        assertThatThrownBy(() -> ReminderTime.parse("", NOW, PARIS))
                .isInstanceOf(CapabilityException.class)
                .hasMessageContaining("in 10 minutes");
        assertThatThrownBy(() -> ReminderTime.parse("at 25", NOW, PARIS)).hasMessageContaining("'at 25' is not a time");
        assertThatThrownBy(() -> ReminderTime.parse("at 13pm", NOW, PARIS)).isInstanceOf(CapabilityException.class);
        assertThatThrownBy(() -> ReminderTime.parse("in 0 minutes", NOW, PARIS))
                .isInstanceOf(CapabilityException.class);
        assertThatThrownBy(() -> ReminderTime.parse("in 400 days", NOW, PARIS)).hasMessageContaining("too far ahead");
        assertThatThrownBy(() -> ReminderTime.parse("today at 9", NOW, PARIS)).isInstanceOf(CapabilityException.class);
    }
}
