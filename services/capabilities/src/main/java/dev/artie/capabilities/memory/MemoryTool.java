package dev.artie.capabilities.memory;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.serde.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code memory copy|export|import}: the capabilities jar's (and image's) own tool for people's memories, run with
 * the service's settings ({@code ARTIE_MEMORY_STORE}, {@code ARTIE_MEMORY_PATH}, {@code ARTIE_MEMORY_POSTGRES_URL}
 * from the environment and their defaults from application.yml), so {@code kubectl exec} into a capabilities pod
 * works on that pod's store. {@code ./artie memory ...} runs the same on the local stack's file.
 */
@Command(
        name = "memory",
        mixinStandardHelpOptions = true,
        description = "Copies, backs up and restores people's memories (docs/architecture.md, Memory stores).",
        subcommands = {MemoryTool.Copy.class, MemoryTool.Export.class, MemoryTool.Import.class})
public final class MemoryTool {
    /** The tool's own small pool: it runs beside the service, whose pool is ARTIE_MEMORY_POSTGRES_POOL_SIZE. */
    private static final int TOOL_POOL_SIZE = 2;

    private final Environment environment;
    private final PrintStream out;

    private MemoryTool(Environment environment, PrintStream out) {
        this.environment = environment;
        this.out = out;
    }

    /**
     * Runs the tool; {@code out} gets the report (or the export, when it goes to standard output), {@code err} the
     * errors. {@code overrides} are settings given before the environment's (./artie's local stack file).
     * @return the exit code: 0 done, 1 failed, 2 wrong usage
     */
    public static int run(List<String> args, Map<String, Object> overrides, PrintStream out, PrintStream err) {
        try (ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .properties(overrides)
                .build()) {
            Environment environment = context.getEnvironment();
            environment.start();
            CommandLine line = new CommandLine(new MemoryTool(environment, out));
            line.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
            line.setExecutionExceptionHandler((e, command, parsed) -> {
                err.println("memory " + command.getCommandName() + ": "
                        + (e.getMessage() == null ? e.toString() : e.getMessage()));
                return 1;
            });
            return line.execute(args.toArray(String[]::new));
        }
    }

    private MemorySettings settings() {
        return new MemorySettings(property(MemorySettings.STORE), property("artie.memory.path"));
    }

    private String property(String name) {
        return environment.getProperty(name, String.class).orElse("");
    }

    private MemoryStore open(String store) {
        return switch (store) {
            case MemorySettings.SQLITE -> new SqliteMemoryStore(settings());
            case MemorySettings.POSTGRES ->
                new PostgresMemoryStore(
                        new PostgresMemorySettings(property("artie.memory.postgres.url"), TOOL_POOL_SIZE));
            default ->
                throw new CommandLine.ParameterException(
                        new CommandLine(this), "--store must be sqlite or postgres, not '" + store + "'");
        };
    }

    private MemoryTransfer transfer() {
        return new MemoryTransfer(ObjectMapper.getDefault());
    }

    /** The store the service uses, or the one named. */
    abstract static class OnOneStore {
        @CommandLine.ParentCommand
        MemoryTool tool;

        @Option(
                names = "--store",
                paramLabel = "sqlite|postgres",
                description = "the store to read or write; default: ARTIE_MEMORY_STORE, as the service")
        String store;

        String store() {
            return store != null ? store : tool.settings().store();
        }
    }

    @Command(
            name = "copy",
            mixinStandardHelpOptions = true,
            description = "Copies every memory of the SQLite file (ARTIE_MEMORY_PATH) into the PostgreSQL database "
                    + "(ARTIE_MEMORY_POSTGRES_URL); memories already there are skipped, so it can be run again.")
    static final class Copy implements Callable<Integer> {
        @CommandLine.ParentCommand
        MemoryTool tool;

        @Override
        public Integer call() throws Exception {
            try (MemoryStore from = tool.open(MemorySettings.SQLITE);
                    MemoryStore to = tool.open(MemorySettings.POSTGRES)) {
                MemoryTransfer.Result result = tool.transfer().copy(from, to);
                tool.out.printf(
                        "copied %,d memories from SQLite to PostgreSQL: %,d added, %,d already there%n",
                        result.read(), result.added(), result.read() - result.added());
                return 0;
            }
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Writes every memory as JSON lines (a backup), to --file or standard output.")
    static final class Export extends OnOneStore implements Callable<Integer> {
        @Option(names = "--file", paramLabel = "FILE", description = "where to write; default: standard output")
        Path file;

        @Override
        public Integer call() throws Exception {
            try (MemoryStore from = tool.open(store());
                    Writer out = new BufferedWriter(
                            file == null
                                    ? new OutputStreamWriter(tool.out, StandardCharsets.UTF_8)
                                    : Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
                long written = tool.transfer().exportJsonLines(from, out);
                if (file != null) {
                    tool.out.printf("exported %,d memories to %s%n", written, file);
                }
                return 0;
            }
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Adds the memories of a backup (JSON lines, from --file or standard input); memories "
                    + "already stored are skipped, so it can be run again.")
    static final class Import extends OnOneStore implements Callable<Integer> {
        @Option(names = "--file", paramLabel = "FILE", description = "what to read; default: standard input")
        Path file;

        @Override
        public Integer call() throws Exception {
            try (MemoryStore to = tool.open(store());
                    Reader reader = file == null
                            ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
                            : Files.newBufferedReader(file, StandardCharsets.UTF_8);
                    BufferedReader in = new BufferedReader(reader)) {
                MemoryTransfer.Result result = tool.transfer().importJsonLines(in, to);
                tool.out.printf(
                        "imported %,d memories: %,d added, %,d already there%n",
                        result.read(), result.added(), result.read() - result.added());
                return 0;
            }
        }
    }
}
