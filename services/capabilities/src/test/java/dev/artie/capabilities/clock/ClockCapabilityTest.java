package dev.artie.capabilities.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClockCapabilityTest {
    private static final CapabilityContext ANN = new CapabilityContext("test", "ann", "c");
    private final ClockCapability clock =
            new ClockCapability(Clock.fixed(Instant.parse("2026-11-23T23:30:00Z"), ZoneOffset.UTC));

    @Test
    void tellsTheTimeInTheNamedZoneWithItsOffsetAndDate() throws Exception {
        assertThat(clock.execute(ClockCapability.NOW, Map.of("timezone", "Asia/Tokyo"), ANN))
                .isEqualTo("It is Tuesday 24 November 2026, 08:30:00 in Asia/Tokyo (UTC+09:00).");
        assertThat(clock.execute(ClockCapability.NOW, Map.of("timezone", "America/New_York"), ANN))
                .isEqualTo("It is Monday 23 November 2026, 18:30:00 in America/New_York (UTC-05:00).");
    }

    @Test
    void aCityNamesTheZoneItIsIn() throws Exception {
        assertThat(clock.execute(ClockCapability.NOW, Map.of("timezone", "Tokyo"), ANN))
                .isEqualTo("It is Tuesday 24 November 2026, 08:30:00 in Asia/Tokyo (UTC+09:00).");
        assertThat(clock.execute(ClockCapability.NOW, Map.of("timezone", "new york"), ANN))
                .contains("in America/New_York");
    }

    @Test
    void withoutAZoneItIsUtc() throws Exception {
        assertThat(clock.execute(ClockCapability.NOW, Map.of(), ANN))
                .isEqualTo("It is Monday 23 November 2026, 23:30:00 in UTC (UTC).");
    }

    @Test
    void anUnknownZoneIsAnErrorNamingAValidOne() {
        assertThatThrownBy(() -> clock.execute(ClockCapability.NOW, Map.of("timezone", "Mars/Olympus"), ANN))
                .isInstanceOf(CapabilityException.class)
                .hasMessageContaining("unknown time zone 'Mars/Olympus'")
                .hasMessageContaining("Europe/Paris");
    }
}
