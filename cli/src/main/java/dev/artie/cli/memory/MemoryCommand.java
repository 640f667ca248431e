package dev.artie.cli.memory;

import dev.artie.capabilities.memory.MemoryTool;
import dev.artie.cli.CliCommand;
import dev.artie.cli.stack.StackLayout;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./artie memory copy|export|import}: the capabilities service's own memory tool ({@link MemoryTool}, also run
 * in its image), on the local stack's memory file unless {@code ARTIE_MEMORY_PATH} names another.
 */
public final class MemoryCommand implements CliCommand {
    private final StackLayout layout;
    private final Map<String, String> env;

    /** Every word but --help, as given: the memory tool parses its own (an array, which picocli resets each parse). */
    @Unmatched
    private String[] words = {};

    public MemoryCommand(StackLayout layout, Map<String, String> env) {
        this.layout = layout;
        this.env = env;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String help() {
        return """
                memory: copy memories from SQLite to PostgreSQL, back them up and restore them (JSON lines)
                  ./artie memory copy                                   SQLite file -> ARTIE_MEMORY_POSTGRES_URL
                  ./artie memory export [--store sqlite|postgres] [--file F]   (default: standard output)
                  ./artie memory import [--store sqlite|postgres] [--file F]   (default: standard input)
                  The SQLite file is the local stack's .artie/memory.db unless ARTIE_MEMORY_PATH names another;
                  the store is ARTIE_MEMORY_STORE's (sqlite). Memories already there are skipped: safe to run again.""";
    }

    @Override
    public int run(PrintStream out) {
        Map<String, Object> localStack = env.containsKey("ARTIE_MEMORY_PATH")
                ? Map.of()
                : Map.of("artie.memory.path", layout.memoryDb().toString());
        return MemoryTool.run(List.of(words), localStack, out, System.err);
    }
}
