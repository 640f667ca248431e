package dev.artie.cli;

import java.io.PrintStream;

/**
 * One subcommand of {@code ./artie}. Its options and positional words are picocli-annotated fields, which
 * {@link ArtieCli} fills from the command line before {@link #run}.
 */
public interface CliCommand {
    String name();

    /** Usage lines shown by {@code --help} and after a usage error; the first line is the one-line summary. */
    String help();

    /** @return the process exit code */
    int run(PrintStream out) throws Exception;
}
