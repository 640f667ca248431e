package dev.artie.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.cli.dlq.DlqCommand;
import dev.artie.cli.stack.StackLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ArtieCliTest {
    @TempDir
    Path root;

    @Test
    void readsOptionsWithOrWithoutEqualsAndRepeated() {
        StackOptions flags = CommandLine.populateCommand(
                new StackOptions(), "--port=http-chat=1", "--port", "sms=2", "--redis-url", "redis://flag:1");
        assertThat(flags.ports()).containsExactly("http-chat=1", "sms=2");
        assertThat(flags.redisUrl()).contains("redis://flag:1");
    }

    @Test
    void refusesWhatItCannotUseWithTheCommandsHelp() {
        Run missing = dlq("list", "--count");
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.output).contains("artie dlq: ", "--count", "dlq: inspect and replay dead letters");

        Run notANumber = dlq("list", "--count", "many");
        assertThat(notANumber.exitCode).isEqualTo(2);
        assertThat(notANumber.output).contains("--count", "'many'");

        Run unknown = dlq("list", "--colour", "red");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.output).contains("--colour");
    }

    @Test
    void helpShowsTheCommandsOwnText() {
        Run help = dlq("replay", "--help");
        assertThat(help.exitCode).isZero();
        assertThat(help.output)
                .startsWith("dlq: inspect and replay dead letters")
                .contains("./artie dlq replay --all");
    }

    private Run dlq(String... words) {
        List<String> argv = new ArrayList<>(List.of("dlq"));
        argv.addAll(List.of(words));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = new ArtieCli(List.of(new DlqCommand(new StackLayout(root), Map.of())))
                .run(argv, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String output) {}
}
