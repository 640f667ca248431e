package dev.artie.cli.bench;

import dev.artie.capabilities.memory.MemorySettings;
import dev.artie.capabilities.memory.MemoryStore;
import dev.artie.capabilities.memory.PostgresMemorySettings;
import dev.artie.capabilities.memory.PostgresMemoryStore;
import dev.artie.capabilities.memory.SearchTerms;
import dev.artie.capabilities.memory.SqliteMemoryStore;
import dev.artie.catalogue.ArtieService;
import dev.artie.local.LocalPostgresServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * (e) Memory search at scale: {@code memories} memories of eight words spread evenly over {@code people} people,
 * the words drawn from a 5,000-word vocabulary with Zipf's law (as in natural language, a few words are in most
 * memories), loaded through each store's batch import, then one person's search for two such words at a time, as
 * the memory capability runs it ({@link SearchTerms}, ten results). Both stores get the same memories and queries.
 */
final class MemorySearchBench {
    static final double P99_TARGET_MS = 10;
    private static final int VOCABULARY = 5_000;
    private static final int WORDS_PER_MEMORY = 8;
    private static final int BATCH = 5_000;
    private static final int WARM_UP = 500;
    private static final int SEARCHES = 5_000;
    private static final String CHANNEL = ArtieService.HTTP_CHAT.channel();

    private final int memories;
    private final int people;
    private final String[] vocabulary = vocabulary();
    private final double[] zipf = zipfCumulative();

    MemorySearchBench(int memories, int people) {
        this.memories = memories;
        this.people = people;
    }

    void run(Path work, PrintStream out) throws Exception {
        out.printf(
                "(e) memory search: %,d memories across %,d people, %,d searches of two words per store%n",
                memories, people, SEARCHES);
        try (MemoryStore sqlite = new SqliteMemoryStore(
                MemorySettings.sqlite(work.resolve("bench-memory.db").toString()))) {
            measure("sqlite", sqlite, out);
        }
        if (LocalPostgresServer.findBinaries().isEmpty()) {
            Figure.unavailable("postgres", "PostgreSQL is not installed (apt-get install postgresql)")
                    .print(out);
            out.println();
            return;
        }
        try (LocalPostgresServer server = LocalPostgresServer.start()) {
            String url = server.createDatabase("bench");
            try (MemoryStore postgres = new PostgresMemoryStore(new PostgresMemorySettings(url, 2))) {
                measure("postgres", postgres, out, () -> analyze(url));
            }
        }
        out.println();
    }

    private void measure(String name, MemoryStore store, PrintStream out) throws Exception {
        measure(name, store, out, () -> {});
    }

    private void measure(String name, MemoryStore store, PrintStream out, SqlStep afterLoad) throws Exception {
        long start = System.nanoTime();
        load(store);
        afterLoad.run();
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        new Figure(
                        name + " load",
                        String.format("%.1f s (%,.0f memories/s)", loadSeconds, memories / loadSeconds),
                        "",
                        true)
                .print(out);
        Random random = new Random(7);
        search(store, random, WARM_UP, null);
        Latencies latencies = new Latencies(SEARCHES);
        long found = search(store, random, SEARCHES, latencies);
        new Figure(
                        name + " search p50",
                        String.format(
                                "%.2f ms (%.1f found on average)", latencies.millis(50), (double) found / SEARCHES),
                        "",
                        true)
                .print(out);
        double p99 = latencies.millis(99);
        new Figure(
                        name + " search p99",
                        String.format("%.2f ms", p99),
                        "< " + (int) P99_TARGET_MS + " ms",
                        p99 < P99_TARGET_MS)
                .print(out);
    }

    /** The memories, the same for every store: memory i is person i % people's. */
    private void load(MemoryStore store) throws SQLException {
        Random random = new Random(42);
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        List<MemoryStore.OwnedMemory> batch = new ArrayList<>(BATCH);
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < memories; i++) {
            content.setLength(0);
            for (int w = 0; w < WORDS_PER_MEMORY; w++) {
                content.append(w == 0 ? "" : " ").append(word(random));
            }
            batch.add(
                    new MemoryStore.OwnedMemory(CHANNEL, person(i % people), content.toString(), first.plusSeconds(i)));
            if (batch.size() == BATCH) {
                store.importBatch(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            store.importBatch(batch);
        }
    }

    private long search(MemoryStore store, Random random, int count, Latencies latencies) throws SQLException {
        long found = 0;
        for (int i = 0; i < count; i++) {
            String person = person(random.nextInt(people));
            SearchTerms terms = SearchTerms.of(word(random) + " " + word(random));
            long start = System.nanoTime();
            found += store.search(CHANNEL, person, terms, 10).size();
            if (latencies != null) {
                latencies.add(System.nanoTime() - start);
            }
        }
        return found;
    }

    /** What autovacuum does soon after a bulk load; without statistics the planner guesses. */
    private static void analyze(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE memories");
        }
    }

    private static String person(int n) {
        return "person-" + n;
    }

    private String word(Random random) {
        int rank = Arrays.binarySearch(zipf, random.nextDouble());
        return vocabulary[Math.min(VOCABULARY - 1, rank < 0 ? -rank - 1 : rank)];
    }

    /** Distinct made-up words of two or three syllables (no English stop word among them). */
    private static String[] vocabulary() {
        String consonants = "bdfgklmnprstvz";
        String vowels = "aeiou";
        List<String> syllables = new ArrayList<>();
        for (char c : consonants.toCharArray()) {
            for (char v : vowels.toCharArray()) {
                syllables.add("" + c + v);
            }
        }
        String[] words = new String[VOCABULARY];
        Random random = new Random(1);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < VOCABULARY; ) {
            StringBuilder word = new StringBuilder();
            for (int s = 0, n = 2 + random.nextInt(2); s < n; s++) {
                word.append(syllables.get(random.nextInt(syllables.size())));
            }
            word.append(consonants.charAt(random.nextInt(consonants.length())));
            if (seen.add(word.toString())) {
                words[i++] = word.toString();
            }
        }
        return words;
    }

    /** Cumulative probabilities of Zipf's law (exponent 1) over the vocabulary's ranks. */
    private static double[] zipfCumulative() {
        double[] cumulative = new double[VOCABULARY];
        double sum = 0;
        for (int rank = 0; rank < VOCABULARY; rank++) {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < VOCABULARY; rank++) {
            cumulative[rank] /= sum;
        }
        return cumulative;
    }

    @FunctionalInterface
    private interface SqlStep {
        void run() throws SQLException;
    }
}
