package dev.artie.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Figure (e) on a small store: both stores load, searches find memories, the figures are printed (not judged). */
class MemorySearchBenchTest {
    @TempDir
    Path work;

    @Test
    void printsLoadAndSearchFiguresForBothStores() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new MemorySearchBench(200_000, 2_000).run(work, new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertThat(printed).contains("200,000 memories across 2,000 people");
        for (String store : new String[] {"sqlite", "postgres"}) {
            assertThat(printed).contains(store + " load").contains(store + " search p99");
            assertThat(printed)
                    .as("searches found memories on " + store)
                    .containsPattern(store + " search p50 +[0-9.]+ ms \\((?!0\\.0 )[0-9.]+ found");
        }
    }
}
