package dev.artie.capabilities.memory;

import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Memory against a real SQLite file. */
class MemoryTest {
    private static final CapabilityContext ALICE = new CapabilityContext("http", "alice", "c1");
    private static final CapabilityContext BOB = new CapabilityContext("http", "bob", "c1");
    private static final CapabilityContext ALICE_ON_SMS = new CapabilityContext("sms", "alice", "c1");

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();
    private static RedisClient client;
    private static ForgetRequests forgetRequests;

    @TempDir
    Path dir;
    private Path file;
    private MemoryStore store;
    private MemoryCapability memory;
    /** Whose histories were forgotten, as "channel/person". */
    private final List<String> forgottenHistories = new ArrayList<>();

    @BeforeAll
    static void connect() {
        client = RedisClient.create(redis.url());
        forgetRequests = new ForgetRequests(client.connect());
    }

    @AfterAll
    static void disconnect() {
        client.shutdown();
    }

    @BeforeEach
    void open() {
        file = dir.resolve("nested/dirs/memory.db");
        store = new MemoryStore(new MemorySettings(file.toString()));
        memory = new MemoryCapability(store,
                List.of((channel, person) -> forgottenHistories.add(channel + "/" + person)), forgetRequests);
    }

    @AfterEach
    void close() throws SQLException {
        store.close();
    }

    @Test
    void remembersForThePersonAndFindsFoodsForTheirQuestion() throws Exception {
        remember(ALICE, "I work as a nurse");
        remember(ALICE, "my favourite food is ramen");
        remember(ALICE, "my sister lives in Lisbon");

        String answer = memory.execute("search", Map.of("query", "what foods do I like?"), ALICE);

        assertThat(answer).contains("ramen").doesNotContain("nurse").doesNotContain("Lisbon");
    }

    @Test
    void memoriesBelongToOnePersonOnOneChannelWhateverTheArgumentsSay() throws Exception {
        remember(ALICE, "my favourite food is ramen");

        String bobs = memory.execute("search", Map.of("query", "what foods do I like?", "personId", "alice"), BOB);
        String alicesOnSms = memory.execute("recall", Map.of(), ALICE_ON_SMS);
        memory.execute("remember", Map.of("content", "I like sushi", "personId", "alice"), BOB);

        assertThat(bobs).doesNotContain("ramen").contains("don't have any memories");
        assertThat(alicesOnSms).doesNotContain("ramen");
        assertThat(memory.execute("recall", Map.of(), ALICE)).doesNotContain("sushi");
        assertThat(memory.execute("recall", Map.of(), BOB)).contains("sushi");
    }

    @Test
    void ranksByBm25() throws Exception {
        remember(ALICE, "I had ramen yesterday with friends and colleagues from work");
        remember(ALICE, "ramen noodles, ramen broth: ramen is my thing");
        remember(ALICE, "I like green tea");

        List<MemoryStore.Memory> found = store.search("http", "alice", SearchTerms.ftsQuery("ramen"), 10);

        assertThat(found).extracting(MemoryStore.Memory::content).containsExactly(
                "ramen noodles, ramen broth: ramen is my thing",
                "I had ramen yesterday with friends and colleagues from work");
    }

    @Test
    void questionsWithoutSearchWordsGetTheNewestMemories() throws Exception {
        remember(ALICE, "my favourite food is ramen");
        remember(ALICE, "I was born in Porto");

        String answer = memory.execute("search", Map.of("query", "what do you know about me?"), ALICE);

        assertThat(answer).contains("Porto").contains("ramen");
        assertThat(answer.indexOf("Porto")).isLessThan(answer.indexOf("ramen"));
    }

    @Test
    void findsBritishAndAmericanSpellings() throws Exception {
        remember(ALICE, "my favorite color is blue");
        remember(ALICE, "I work as a nurse");

        assertThat(memory.execute("search", Map.of("query", "what's my favourite colour?"), ALICE))
                .contains("blue").doesNotContain("nurse");
        assertThat(SearchTerms.otherSpelling("flavours")).contains("flavors");
        assertThat(SearchTerms.otherSpelling("door")).isEmpty();
        assertThat(SearchTerms.otherSpelling("for")).isEmpty();
    }

    @Test
    void searchTermsAreQuotedPrefixesWithoutFillerWords() {
        assertThat(SearchTerms.ftsQuery("What foods do I like?")).isEqualTo("\"foods\"* OR \"like\"*");
        assertThat(SearchTerms.ftsQuery("what do you know about me?")).isEmpty();
        assertThat(SearchTerms.ftsQuery("\"ramen\" OR NEAR(x) *")).isEqualTo("\"ramen\"* OR \"near\"*");
    }

    @Test
    void usesWalModeInAFileWhoseDirectoriesItCreated() throws Exception {
        remember(ALICE, "my favourite food is ramen");

        assertThat(store.journalMode()).isEqualTo("wal");
        assertThat(file).exists();
        assertThat(Path.of(file + "-wal")).exists();
        try (var other = DriverManager.getConnection("jdbc:sqlite:" + file);
             var rows = other.createStatement().executeQuery("PRAGMA journal_mode")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void memoriesSurviveARestartAndAreKeptOnce() throws Exception {
        remember(ALICE, "my favourite food is ramen");
        remember(ALICE, "my favourite food is ramen");
        store.close();

        store = new MemoryStore(new MemorySettings(file.toString()));
        memory = new MemoryCapability(store,
                List.of((channel, person) -> forgottenHistories.add(channel + "/" + person)), forgetRequests);

        assertThat(store.recent("http", "alice", 10)).hasSize(1);
        assertThat(memory.execute("search", Map.of("query", "favourite food"), ALICE)).contains("ramen");
    }

    @Test
    void forgetsThePersonSpeakingAndNoOneElseWhateverTheArgumentsSay() throws Exception {
        remember(ALICE, "my favourite food is ramen");
        remember(ALICE, "I was born in Porto");
        remember(BOB, "my favourite food is ramen too");
        remember(ALICE_ON_SMS, "I like sushi");

        String question = memory.execute("forget", Map.of("personId", "bob", "channel", "sms"), ALICE);
        assertThat(question).contains("Reply YES within 5 minutes");
        assertThat(store.recent("http", "alice", 10)).as("nothing erased before the YES").hasSize(2);
        assertThat(forgetRequests.confirmedBy("sms", "bob", "YES")).as("the request is the speaker's").isFalse();
        assertThat(forgetRequests.confirmedBy("http", "alice", "YES")).isTrue();

        String answer = memory.erase(ALICE);

        assertThat(answer).contains("2 memories");
        assertThat(forgottenHistories).containsExactly("http/alice");
        assertThat(store.search("http", "alice", SearchTerms.ftsQuery("ramen"), 10)).isEmpty();
        assertThat(memory.execute("recall", Map.of(), ALICE)).contains("don't have any memories");
        assertThat(memory.execute("search", Map.of("query", "food"), BOB)).contains("ramen too");
        assertThat(memory.execute("recall", Map.of(), ALICE_ON_SMS)).contains("sushi");
        try (var other = DriverManager.getConnection("jdbc:sqlite:" + file);
             var statement = other.createStatement()) {
            try (var rows = statement.executeQuery("SELECT count(*) FROM memories WHERE person_id = 'alice'")) {
                rows.next();
                assertThat(rows.getInt(1)).as("alice's rows on sms stay").isEqualTo(1);
            }
            try (var rows = statement.executeQuery(
                    "SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'porto'")) {
                rows.next();
                assertThat(rows.getInt(1)).as("the index forgot the deleted words").isZero();
            }
            // FTS5 compares its index with the table and fails when they disagree.
            statement.execute("INSERT INTO memories_fts(memories_fts, rank) VALUES('integrity-check', 1)");
        }
    }

    /** Deleted rows stay readable in freed pages, old index segments and the write-ahead log unless purged. */
    @Test
    void forgottenWordsLeaveNoTraceInTheFiles() throws Exception {
        String secret = "xylophonequartzmemory";
        remember(ALICE, "my locker code word is " + secret);
        remember(ALICE, "I was born in Porto");
        remember(BOB, "my favourite food is ramen");

        memory.erase(ALICE);

        assertThat(store.recent("http", "bob", 10)).hasSize(1);
        try (var files = Files.list(file.getParent())) {
            List<Path> all = files.toList();
            assertThat(all).isNotEmpty().allSatisfy(each -> assertThat(
                    new String(Files.readAllBytes(each), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as(each.getFileName().toString()).doesNotContain(secret).doesNotContain("Porto"));
        }
    }

    @Test
    void refusesEmptyOrHugeMemories() {
        assertThatThrownBy(() -> memory.execute("remember", Map.of("content", " "), ALICE))
                .isInstanceOf(CapabilityException.class);
        assertThatThrownBy(() -> memory.execute("remember", Map.of("content", "x".repeat(5000)), ALICE))
                .isInstanceOf(CapabilityException.class).hasMessageContaining("too long");
    }

    @Test
    void anUnwritablePathFailsAtStartWithTheVariableNamed() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> new MemoryStore(new MemorySettings(blocker.resolve("memory.db").toString())))
                .hasMessageContaining("ARTIE_MEMORY_PATH");
    }

    private void remember(CapabilityContext who, String content) throws CapabilityException {
        memory.execute("remember", Map.of("content", content), who);
    }
}
