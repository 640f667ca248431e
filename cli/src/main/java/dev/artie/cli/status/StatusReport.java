package dev.artie.cli.status;

import dev.artie.cli.Text;
import dev.artie.shared.queue.DeadLetter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole stack at one moment: each component's state, each stream's depth and pending entries, and the
 * dead letters.
 *
 * @param streams empty when Redis could not be read
 */
public record StatusReport(
        List<ComponentStatus> components,
        Optional<List<StreamStatus>> streams,
        long deadLetterCount,
        List<DeadLetter> recentDeadLetters) {

    public boolean allOnline() {
        return components.stream().allMatch(c -> c.state() == ComponentState.ONLINE);
    }

    public void print(PrintStream out) {
        out.printf("%-14s %-9s %s%n", "COMPONENT", "STATE", "DETAILS");
        for (ComponentStatus component : components) {
            out.printf("%-14s %-9s %s%n", component.name(), component.state(), component.details());
        }
        out.println();
        if (streams.isEmpty()) {
            out.println("streams: not readable while Redis is offline");
            return;
        }
        printStreams(out, streams.get());
        out.println();
        out.printf("dead letters: %d%s%n", deadLetterCount, deadLetterCount > 0 ? " (./artie dlq list)" : "");
        for (DeadLetter letter : recentDeadLetters) {
            out.printf("  %-17s from %-16s %s%n", letter.id(), letter.stream(), Text.abbreviate(letter.reason(), 80));
        }
    }

    private static void printStreams(PrintStream out, List<StreamStatus> streams) {
        String row = "%-44s %7s  %-14s %9s %7s  %s%n";
        out.printf(row, "STREAM", "LENGTH", "GROUP", "CONSUMERS", "PENDING", "OLDEST PENDING");
        if (streams.isEmpty()) {
            out.println("(no artie:* streams yet: nothing has been sent)");
        }
        for (StreamStatus stream : streams) {
            if (stream.groups().isEmpty()) {
                out.printf(row, stream.name(), stream.length(), "-", "-", "-", "-");
            }
            for (StreamStatus.Group group : stream.groups()) {
                out.printf(
                        row,
                        stream.name(),
                        stream.length(),
                        group.name(),
                        group.consumers(),
                        group.pending(),
                        group.oldestPending().map(StatusReport::age).orElse("-"));
            }
        }
    }

    static String age(Duration age) {
        long millis = age.toMillis();
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 120_000) {
            return String.format("%.1f s", millis / 1000.0);
        }
        if (millis < 7_200_000) {
            return age.toMinutes() + " min";
        }
        return age.toHours() + " h";
    }
}
