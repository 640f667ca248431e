package dev.artie.capabilities.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.capabilities.capability.CapabilityCall;
import dev.artie.capabilities.capability.CapabilityResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExactValuesTest {
    private static CapabilityResult computed(String output, String value) {
        return new CapabilityResult(CapabilityCall.of("calculator", "calculate", Map.of()), true, output, value);
    }

    @Test
    void aNumberIsStatedWhenTheReplyGivesItRoundedToAtLeastOneDecimal() {
        assertThat(ExactValues.states("That's 40.8.", "40.8")).isTrue();
        assertThat(ExactValues.states("It comes to 40.80 in total", "40.8")).isTrue();
        assertThat(ExactValues.states("about 6.2 miles", "6.21371")).isTrue();
        assertThat(ExactValues.states("6.21 mi", "6.21371")).isTrue();
        assertThat(ExactValues.states("2 to the tenth is 1,024.", "1024")).isTrue();
        assertThat(ExactValues.states("That is 1200 exactly", "1.2E+3")).isTrue();
        assertThat(ExactValues.states("minus: -3", "-3")).isTrue();
    }

    @Test
    void aWrongOrTooRoundNumberDoesNotStateTheValue() {
        assertThat(ExactValues.states("It is 38.", "40.8")).isFalse();
        assertThat(ExactValues.states("roughly 41", "40.8"))
                .as("rounded away from the decimals")
                .isFalse();
        assertThat(ExactValues.states("about 6 miles", "6.21371")).isFalse();
        assertThat(ExactValues.states("version 140.8.2", "40.8"))
                .as("part of a longer number")
                .isFalse();
        assertThat(ExactValues.states("1024.5", "1024")).isFalse();
        assertThat(ExactValues.states("no number at all", "4")).isFalse();
    }

    @Test
    void eachMissingResultIsAddedOnceAndOthersAreLeftAlone() {
        List<CapabilityResult> results = List.of(
                computed("17% of 240 = 40.8", "40.8"),
                computed("17% of 240 = 40.8", "40.8"),
                computed("2+2 = 4", "4"),
                new CapabilityResult(CapabilityCall.of("clock", "now", Map.of()), true, "It is 10:04 in Tokyo", null),
                CapabilityResult.failed(CapabilityCall.of("calculator", "calculate", Map.of()), "bad expression"));

        assertThat(ExactValues.stated("I make it 38, and 2 and 2 are 4.", results))
                .isEqualTo("I make it 38, and 2 and 2 are 4.\n\n(17% of 240 = 40.8)");
        assertThat(ExactValues.stated("40.8, and 4.", results)).isEqualTo("40.8, and 4.");
    }
}
