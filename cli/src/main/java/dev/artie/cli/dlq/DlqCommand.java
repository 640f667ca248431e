package dev.artie.cli.dlq;

import dev.artie.cli.CliCommand;
import dev.artie.cli.QueueAccess;
import dev.artie.cli.RedisSession;
import dev.artie.cli.StackOptions;
import dev.artie.cli.StackTarget;
import dev.artie.cli.Text;
import dev.artie.cli.UsageException;
import dev.artie.cli.stack.StackFile;
import dev.artie.cli.stack.StackLayout;
import dev.artie.shared.queue.DeadLetter;
import dev.artie.shared.queue.DeadLetters;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./artie dlq}: look at dead letters and put them back on their streams (docs/queue.md, "Dead letters"). */
public final class DlqCommand implements CliCommand {
    private static final int DEFAULT_COUNT = 20;

    private final StackLayout layout;
    private final Map<String, String> env;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION")
    private String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID")
    private String id;

    @Option(names = "--count", paramLabel = "N")
    private int count = DEFAULT_COUNT;

    @Option(names = "--all")
    private boolean all;

    @Option(names = "--redis-url", paramLabel = "URL")
    private String redisUrl;

    public DlqCommand(StackLayout layout, Map<String, String> env) {
        this.layout = layout;
        this.env = env;
    }

    @Override
    public String name() {
        return "dlq";
    }

    @Override
    public String help() {
        return """
                dlq: inspect and replay dead letters
                  ./artie dlq list [--count N]     newest first (default 20)
                  ./artie dlq show ID              every field and the original message
                  ./artie dlq replay ID            back onto its stream (attempts start again), then removed
                  ./artie dlq replay --all         every dead letter, oldest first
                  ./artie dlq delete ID            removes it for good (nothing else ever does)
                  [--redis-url URL]                else REDIS_URL, a running ./artie up, or redis://localhost:6379""";
    }

    @Override
    public int run(PrintStream out) {
        if (action == null) {
            throw new UsageException("say list, show, replay or delete");
        }
        String url = new StackTarget(new StackOptions(redisUrl, List.of()), env, StackFile.readLive(layout.stackFile()))
                .redisUrl();
        try (RedisSession session = RedisSession.open(url)) {
            DeadLetters deadLetters = QueueAccess.deadLetters(session.commands(), env);
            return switch (action) {
                case "list" -> list(deadLetters, count, out);
                case "show" -> show(deadLetters, id(), out);
                case "replay" -> all ? replayAll(deadLetters, out) : replay(deadLetters, id(), out);
                case "delete" -> delete(deadLetters, id(), out);
                default -> throw new UsageException("unknown dlq action '" + action + "'");
            };
        }
    }

    private static int list(DeadLetters deadLetters, int count, PrintStream out) {
        List<DeadLetter> letters = deadLetters.list(count);
        long total = deadLetters.count();
        if (letters.isEmpty()) {
            out.println("no dead letters");
            return 0;
        }
        String row = "%-17s %-24s %-16s %8s  %s%n";
        out.printf(row, "ID", "FAILED AT", "FROM STREAM", "ATTEMPTS", "REASON");
        for (DeadLetter letter : letters) {
            out.printf(
                    row,
                    letter.id(),
                    letter.failedAt(),
                    letter.stream(),
                    letter.attempts(),
                    Text.abbreviate(letter.reason(), 90));
        }
        out.printf(
                "%d of %d shown; ./artie dlq show ID for one, ./artie dlq replay ID to retry it%n",
                letters.size(), total);
        return 0;
    }

    private static int show(DeadLetters deadLetters, String id, PrintStream out) {
        Optional<DeadLetter> found = deadLetters.get(id);
        if (found.isEmpty()) {
            return noSuchLetter(id, out);
        }
        DeadLetter letter = found.get();
        out.println("id:        " + letter.id());
        out.println("stream:    " + letter.stream());
        out.println("entry id:  " + letter.entryId());
        out.println("failed at: " + letter.failedAt());
        out.println("attempts:  " + letter.attempts());
        out.println("reason:    " + letter.reason());
        out.println("message:");
        out.println(letter.message());
        return 0;
    }

    private static int replay(DeadLetters deadLetters, String id, PrintStream out) {
        Optional<DeadLetter> letter = deadLetters.get(id);
        if (letter.isEmpty()) {
            return noSuchLetter(id, out);
        }
        try {
            String entry = deadLetters.replay(id);
            out.println("replayed " + id + " onto " + letter.get().stream() + " as " + entry);
            return 0;
        } catch (IllegalArgumentException e) {
            out.println("cannot replay: " + e.getMessage());
            return 1;
        }
    }

    private static int delete(DeadLetters deadLetters, String id, PrintStream out) {
        if (!deadLetters.delete(id)) {
            return noSuchLetter(id, out);
        }
        out.println("deleted " + id);
        return 0;
    }

    private static int noSuchLetter(String id, PrintStream out) {
        out.println("no dead letter " + id + " (./artie dlq list shows the ids)");
        return 1;
    }

    /** Takes the list first: a message that fails again comes back as a new dead letter, not into this loop. */
    private static int replayAll(DeadLetters deadLetters, PrintStream out) {
        List<DeadLetter> letters = deadLetters
                .list((int) Math.min(Integer.MAX_VALUE, deadLetters.count()))
                .reversed();
        int failed = 0;
        for (DeadLetter letter : letters) {
            failed += replay(deadLetters, letter.id(), out);
        }
        out.printf("replayed %d of %d dead letters%n", letters.size() - failed, letters.size());
        return failed == 0 ? 0 : 1;
    }

    private String id() {
        if (id == null) {
            throw new UsageException("give the dead letter's id");
        }
        return id;
    }
}
