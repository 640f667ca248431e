package dev.artie.cli;

import java.io.PrintStream;

/** One subcommand of {@code ./artie}. */
public interface CliCommand {
    String name();

    /** Usage lines shown by {@code --help} and after a usage error; the first line is the one-line summary. */
    String help();

    /** @return the process exit code */
    int run(Args args, PrintStream out) throws Exception;
}
