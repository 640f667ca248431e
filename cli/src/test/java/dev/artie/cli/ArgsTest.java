package dev.artie.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void readsPositionalWordsOptionsAndSwitches() {
        Args args = Args.parse(
                List.of("replay", "--all", "--count", "5", "--port=http-chat=1", "--port", "sms=2"), Set.of("all"));
        assertThat(args.positional()).containsExactly("replay");
        assertThat(args.has("all")).isTrue();
        assertThat(args.intOption("count", 20)).isEqualTo(5);
        assertThat(args.options("port")).containsExactly("http-chat=1", "sms=2");
    }

    @Test
    void refusesWhatItCannotUse() {
        assertThatThrownBy(() -> Args.parse(List.of("--count"), Set.of())).hasMessageContaining("needs a value");
        assertThatThrownBy(
                        () -> Args.parse(List.of("--count", "many"), Set.of()).intOption("count", 1))
                .hasMessageContaining("whole number");
        assertThatThrownBy(
                        () -> Args.parse(List.of("--colour", "red"), Set.of()).allowOnly(Set.of("count")))
                .hasMessageContaining("--colour");
    }
}
