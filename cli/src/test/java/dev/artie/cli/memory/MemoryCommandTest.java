package dev.artie.cli.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.capabilities.memory.MemorySettings;
import dev.artie.capabilities.memory.MemoryStore;
import dev.artie.capabilities.memory.SqliteMemoryStore;
import dev.artie.cli.ArtieCli;
import dev.artie.cli.stack.StackLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./artie memory} works on the local stack's memory file. */
class MemoryCommandTest {
    @TempDir
    Path root;

    @Test
    void backsUpAndRestoresTheLocalStacksMemories() throws Exception {
        StackLayout layout = new StackLayout(root);
        try (MemoryStore store =
                new SqliteMemoryStore(MemorySettings.sqlite(layout.memoryDb().toString()))) {
            store.remember("http", "alice", "my favourite food is ramen");
        }
        ArtieCli cli = new ArtieCli(List.of(new MemoryCommand(layout, Map.of())));
        Path backup = root.resolve("backup.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exported = cli.run(
                List.of("memory", "export", "--file", backup.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(layout.memoryDb() + suffix));
        }
        int imported = cli.run(
                List.of("memory", "import", "--file", backup.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(exported).as(out.toString()).isZero();
        assertThat(imported).as(out.toString()).isZero();
        assertThat(out.toString()).contains("exported 1 memories").contains("imported 1 memories: 1 added");
        try (MemoryStore store =
                new SqliteMemoryStore(MemorySettings.sqlite(layout.memoryDb().toString()))) {
            List<MemoryStore.OwnedMemory> all = new ArrayList<>();
            store.exportAll(all::add);
            assertThat(all).extracting(MemoryStore.OwnedMemory::content).containsExactly("my favourite food is ramen");
        }
    }
}
