package dev.artie.capabilities.memory;

import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves every memory between stores, or to and from a backup of JSON lines (one memory a line:
 * {@code {"channel":"http","personId":"alice","content":"...","createdAt":"2026-01-01T10:00:00Z"}}), in batches, so
 * a store of any size streams through. Memories already in the target are skipped ({@link MemoryStore#importBatch}),
 * so a copy or import that failed half-way can simply be run again.
 */
public final class MemoryTransfer {
    static final int BATCH = 5_000;

    /** How many memories were read from the source, and how many of them the target did not have yet. */
    public record Result(long read, long added) {}

    /** One line of a backup. */
    @Serdeable
    record Line(String channel, String personId, String content, String createdAt) {}

    private final ObjectMapper json;

    public MemoryTransfer(ObjectMapper json) {
        this.json = json;
    }

    public Result copy(MemoryStore from, MemoryStore to) throws SQLException {
        Batches batches = new Batches(to);
        try {
            from.exportAll(batches::add);
        } catch (StoreFailure e) {
            throw e.getCause();
        }
        return batches.finish();
    }

    /** @return how many memories were written */
    public long exportJsonLines(MemoryStore from, Writer out) throws SQLException, IOException {
        long[] written = {0};
        try {
            from.exportAll(memory -> {
                try {
                    out.write(json.writeValueAsString(new Line(
                            memory.channel(),
                            memory.personId(),
                            memory.content(),
                            memory.createdAt().toString())));
                    out.write('\n');
                    written[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        return written[0];
    }

    /** Reads a backup; a line that is not a memory stops the import with its number (batches before it are kept). */
    public Result importJsonLines(BufferedReader in, MemoryStore to) throws SQLException, IOException {
        Batches batches = new Batches(to);
        long number = 0;
        try {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                number++;
                if (!text.isBlank()) {
                    batches.add(parse(text, number));
                }
            }
        } catch (StoreFailure e) {
            throw e.getCause();
        } catch (IOException e) {
            batches.finish(); // what was read before the bad line is kept, as the message says
            throw e;
        }
        return batches.finish();
    }

    private MemoryStore.OwnedMemory parse(String text, long number) throws IOException {
        try {
            Line line = json.readValue(text, Line.class);
            if (line == null
                    || blank(line.channel())
                    || blank(line.personId())
                    || blank(line.content())
                    || blank(line.createdAt())) {
                throw new IOException("needs channel, personId, content and createdAt");
            }
            return new MemoryStore.OwnedMemory(
                    line.channel(), line.personId(), line.content(), Instant.parse(line.createdAt()));
        } catch (IOException | DateTimeParseException e) {
            throw new IOException("line " + number + " is not a memory: " + e.getMessage(), e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Collects memories and hands them to the target a batch at a time. */
    private static final class Batches {
        private final MemoryStore to;
        private final List<MemoryStore.OwnedMemory> pending = new ArrayList<>(BATCH);
        private long read;
        private long added;

        Batches(MemoryStore to) {
            this.to = to;
        }

        void add(MemoryStore.OwnedMemory memory) {
            pending.add(memory);
            read++;
            if (pending.size() == BATCH) {
                flush();
            }
        }

        Result finish() throws SQLException {
            try {
                flush();
            } catch (StoreFailure e) {
                throw e.getCause();
            }
            return new Result(read, added);
        }

        private void flush() {
            if (pending.isEmpty()) {
                return;
            }
            try {
                added += to.importBatch(pending);
            } catch (SQLException e) {
                throw new StoreFailure(e);
            }
            pending.clear();
        }
    }

    /** A target's failure carried out of a source's export callback. */
    private static final class StoreFailure extends RuntimeException {
        StoreFailure(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
