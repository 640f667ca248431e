package dev.artie.capabilities.reminders;

import dev.artie.capabilities.clock.TimeZones;
import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.ZoneId;

/** `ARTIE_REMINDER_*` variables (docs/configuration.md); checked at start, with the variable named. */
@ConfigurationProperties("artie.reminder")
public record ReminderSettings(
        @NotNull String defaultTimeZone,
        int maxPerPerson,
        @NotNull Duration pollInterval) {
    static final int MOST_PER_PERSON = 1000;

    public ReminderSettings {
        if (defaultTimeZone != null && TimeZones.named(defaultTimeZone).isEmpty()) {
            throw new IllegalArgumentException("ARTIE_REMINDER_DEFAULT_TIME_ZONE must be a time zone such as UTC or "
                    + "Europe/Paris, not '" + defaultTimeZone + "'");
        }
        if (maxPerPerson < 1 || maxPerPerson > MOST_PER_PERSON) {
            throw new IllegalArgumentException(
                    "ARTIE_REMINDER_MAX_PER_PERSON must be between 1 and " + MOST_PER_PERSON + ", not " + maxPerPerson);
        }
        if (pollInterval != null && (pollInterval.isNegative() || pollInterval.isZero())) {
            throw new IllegalArgumentException("ARTIE_REMINDER_POLL_INTERVAL must be a positive duration, e.g. 1s");
        }
    }

    /** The zone of a person who has not said theirs. */
    ZoneId defaultZone() {
        return TimeZones.named(defaultTimeZone).orElseThrow();
    }
}
