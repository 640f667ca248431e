package dev.artie.cli;

import dev.artie.cli.bench.BenchCommand;
import dev.artie.cli.dlq.DlqCommand;
import dev.artie.cli.memory.MemoryCommand;
import dev.artie.cli.stack.StackLayout;
import dev.artie.cli.stack.UpCommand;
import dev.artie.cli.status.StatusCommand;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** {@code ./artie <command>}: the local stack, its status, dead letters and benchmarks. */
public final class ArtieCli {
    private final List<CliCommand> commands;
    /** Each command's parser, made once: picocli resets the fields to their first values before every parse. */
    private final Map<CliCommand, CommandLine> parsers = new LinkedHashMap<>();

    public ArtieCli(List<CliCommand> commands) {
        this.commands = commands;
        commands.forEach(command -> parsers.put(command, parser(command)));
    }

    public static void main(String[] argv) {
        // The shared logback.xml reads this; a command line shows its own output, not the libraries' INFO lines.
        if (argv.length > 0 && argv[0].equals("memory")) {
            // memory export may write its backup to standard output, where the logs go too.
            System.setProperty("ARTIE_LOG_LEVEL", "OFF");
        } else if (System.getenv("ARTIE_LOG_LEVEL") == null) {
            System.setProperty("ARTIE_LOG_LEVEL", "WARN");
        }
        // Lettuce's flight-recorder events cost a second of start-up and are of no use to a short command.
        System.setProperty("io.lettuce.core.jfr", "false");
        Map<String, String> env = System.getenv();
        StackLayout layout = StackLayout.current();
        ArtieCli cli = new ArtieCli(List.of(
                new UpCommand(layout, env),
                new StatusCommand(layout, env),
                new DlqCommand(layout, env),
                new BenchCommand(layout, env),
                new MemoryCommand(layout, env)));
        System.exit(cli.run(List.of(argv), System.out));
    }

    /** @return the exit code: 0 done, 1 failed or unhealthy, 2 wrong usage */
    public int run(List<String> argv, PrintStream out) {
        if (argv.isEmpty() || Set.of("help", "--help", "-h").contains(argv.getFirst())) {
            printOverview(out);
            return argv.isEmpty() ? 2 : 0;
        }
        CliCommand command = commands.stream()
                .filter(c -> c.name().equals(argv.getFirst()))
                .findFirst()
                .orElse(null);
        if (command == null) {
            out.println("artie: unknown command '" + argv.getFirst() + "'");
            printOverview(out);
            return 2;
        }
        try {
            if (parsers.get(command)
                    .parseArgs(argv.subList(1, argv.size()).toArray(String[]::new))
                    .isUsageHelpRequested()) {
                out.println(command.help());
                return 0;
            }
            return command.run(out);
        } catch (UsageException | ParameterException e) {
            out.println("artie " + command.name() + ": " + e.getMessage());
            out.println(command.help());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            out.println("artie " + command.name() + ": " + Secrets.mask(describe(e)));
            return 1;
        }
    }

    /**
     * picocli sets the command's fields; {@code --help} and a usage error show the command's own help text, so
     * picocli's generated usage is not used.
     */
    private static CommandLine parser(CliCommand command) {
        CommandLine parser = new CommandLine(command);
        parser.getCommandSpec()
                .addOption(OptionSpec.builder("--help").usageHelp(true).build());
        parser.setOverwrittenOptionsAllowed(true); // --count 5 --count 6: the last one counts
        return parser;
    }

    private void printOverview(PrintStream out) {
        out.println("usage: ./artie <command> [options]   (./artie <command> --help for its options)");
        for (CliCommand command : commands) {
            out.println("  " + command.help().lines().findFirst().orElse(command.name()));
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text =
                new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }
}
