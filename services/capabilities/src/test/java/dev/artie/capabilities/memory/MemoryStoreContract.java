package dev.artie.capabilities.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.micronaut.serde.ObjectMapper;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every memory store does, run against each real store: SQLite ({@link SqliteMemoryStoreTest}) and PostgreSQL
 * ({@link PostgresMemoryStoreTest}). A subclass opens stores; what only one store promises is tested there.
 */
abstract class MemoryStoreContract {
    static final CapabilityContext ALICE = new CapabilityContext("http", "alice", "c1");
    static final CapabilityContext BOB = new CapabilityContext("http", "bob", "c1");
    static final CapabilityContext ALICE_ON_SMS = new CapabilityContext("sms", "alice", "c1");

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static RedisClient client;
    static ForgetRequests forgetRequests;

    MemoryStore store;
    MemoryCapability memory;
    /** Whose histories were forgotten, as "channel/person". */
    final List<String> forgottenHistories = new ArrayList<>();

    private final List<MemoryStore> opened = new ArrayList<>();

    /** A store over the same data each time it is called in a test (a restart, or another replica). */
    abstract MemoryStore openStore();

    /** A store over other, empty data (where a backup is restored). */
    abstract MemoryStore openEmptyStore();

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
        use(track(openStore()));
    }

    @AfterEach
    void closeAll() throws SQLException {
        for (MemoryStore each : opened) {
            each.close();
        }
    }

    MemoryStore track(MemoryStore opened) {
        this.opened.add(opened);
        return opened;
    }

    void use(MemoryStore store) {
        this.store = store;
        memory = new MemoryCapability(
                store, List.of((channel, person) -> forgottenHistories.add(channel + "/" + person)), forgetRequests);
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
    void ranksTheBestMatchFirst() throws Exception {
        remember(ALICE, "I had ramen yesterday with friends and colleagues from work");
        remember(ALICE, "ramen noodles, ramen broth: ramen is my thing");
        remember(ALICE, "I like green tea");

        List<MemoryStore.Memory> found = store.search("http", "alice", SearchTerms.of("ramen"), 10);

        assertThat(found)
                .extracting(MemoryStore.Memory::content)
                .containsExactly(
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
        assertThat(store.search("http", "alice", SearchTerms.of("what do you know?"), 10))
                .isEmpty();
    }

    @Test
    void findsBritishAndAmericanSpellings() throws Exception {
        remember(ALICE, "my favorite color is blue");
        remember(ALICE, "I work as a nurse");

        assertThat(memory.execute("search", Map.of("query", "what's my favourite colour?"), ALICE))
                .contains("blue")
                .doesNotContain("nurse");
    }

    @Test
    void searchWordsCannotInjectQuerySyntax() throws Exception {
        remember(ALICE, "my favourite food is ramen");

        for (String hostile : List.of("\"ramen\" OR NEAR(x) *", "ramen' OR 1=1 --", "-ramen", "ramen & !(x | y):*")) {
            assertThat(store.search("http", "alice", SearchTerms.of(hostile), 10))
                    .as(hostile)
                    .extracting(MemoryStore.Memory::content)
                    .containsExactly("my favourite food is ramen");
        }
    }

    @Test
    void memoriesSurviveARestartAndAreKeptOnce() throws Exception {
        remember(ALICE, "my favourite food is ramen");
        remember(ALICE, "my favourite food is ramen");
        store.close();

        use(track(openStore()));

        assertThat(store.recent("http", "alice", 10)).hasSize(1);
        assertThat(memory.execute("search", Map.of("query", "favourite food"), ALICE))
                .contains("ramen");
    }

    @Test
    void forgetsThePersonSpeakingAndNoOneElseWhateverTheArgumentsSay() throws Exception {
        remember(ALICE, "my favourite food is ramen");
        remember(ALICE, "I was born in Porto");
        remember(BOB, "my favourite food is ramen too");
        remember(ALICE_ON_SMS, "I like sushi");

        String question = memory.execute("forget", Map.of("personId", "bob", "channel", "sms"), ALICE);
        assertThat(question).contains("Reply YES within 5 minutes");
        assertThat(store.recent("http", "alice", 10))
                .as("nothing erased before the YES")
                .hasSize(2);
        assertThat(forgetRequests.confirmedBy("sms", "bob", "YES"))
                .as("the request is the speaker's")
                .isFalse();
        assertThat(forgetRequests.confirmedBy("http", "alice", "YES")).isTrue();

        String answer = memory.erase(ALICE);

        assertThat(answer).contains("2 memories");
        assertThat(forgottenHistories).containsExactly("http/alice");
        assertThat(store.search("http", "alice", SearchTerms.of("ramen"), 10)).isEmpty();
        assertThat(store.search("http", "alice", SearchTerms.of("Porto"), 10)).isEmpty();
        assertThat(memory.execute("recall", Map.of(), ALICE)).contains("don't have any memories");
        assertThat(memory.execute("search", Map.of("query", "food"), BOB)).contains("ramen too");
        assertThat(memory.execute("recall", Map.of(), ALICE_ON_SMS)).contains("sushi");
        assertThat(exported())
                .extracting(MemoryStore.OwnedMemory::content)
                .as("nothing of alice's on http is left anywhere in the store")
                .containsExactlyInAnyOrder("my favourite food is ramen too", "I like sushi");
    }

    @Test
    void refusesEmptyOrHugeMemories() {
        assertThatThrownBy(() -> memory.execute("remember", Map.of("content", " "), ALICE))
                .isInstanceOf(CapabilityException.class);
        assertThatThrownBy(() -> memory.execute("remember", Map.of("content", "x".repeat(5000)), ALICE))
                .isInstanceOf(CapabilityException.class)
                .hasMessageContaining("too long");
    }

    @Test
    void anotherStoreOnTheSameDataSeesWhatOneRemembered() throws Exception {
        MemoryStore other = track(openStore());
        remember(ALICE, "my favourite food is ramen");

        assertThat(other.search("http", "alice", SearchTerms.of("food"), 10))
                .extracting(MemoryStore.Memory::content)
                .containsExactly("my favourite food is ramen");
        assertThat(other.remember("http", "alice", "my favourite food is ramen").id())
                .isEqualTo(store.recent("http", "alice", 1).getFirst().id());
    }

    /** Export then import into an empty store gives back every memory, its owner and time; twice adds nothing. */
    @Test
    void aBackupRestoresEveryMemoryExactlyAndOnce() throws Exception {
        remember(ALICE, "my favourite food is ramen");
        remember(BOB, "quotes \" and commas, a\nnewline, a tab\t and ünïcödé 寿司 🍣");
        remember(ALICE_ON_SMS, "I like sushi");
        List<MemoryStore.OwnedMemory> before = exported();
        StringWriter backup = new StringWriter();
        MemoryTransfer transfer = new MemoryTransfer(ObjectMapper.getDefault());
        assertThat(transfer.exportJsonLines(store, backup)).isEqualTo(3);

        MemoryStore restored = track(openEmptyStore());
        MemoryTransfer.Result first = transfer.importJsonLines(reader(backup), restored);
        MemoryTransfer.Result again = transfer.importJsonLines(reader(backup), restored);

        assertThat(first).isEqualTo(new MemoryTransfer.Result(3, 3));
        assertThat(again).isEqualTo(new MemoryTransfer.Result(3, 0));
        List<MemoryStore.OwnedMemory> after = new ArrayList<>();
        restored.exportAll(after::add);
        assertThat(after).containsExactlyElementsOf(before);
        use(restored);
        assertThat(memory.execute("search", Map.of("query", "sushi"), ALICE_ON_SMS))
                .contains("I like sushi");
    }

    @Test
    void aBackupLineThatIsNotAMemoryIsNamedAndWhatCameBeforeIsKept() throws Exception {
        String backup = """
                {"channel":"http","personId":"alice","content":"my favourite food is ramen","createdAt":"2026-01-02T03:04:05.123456Z"}
                {"channel":"http","personId":"alice","content":"no time"}
                {"channel":"http","personId":"bob","content":"never read","createdAt":"2026-01-02T03:04:05Z"}
                """;
        MemoryTransfer transfer = new MemoryTransfer(ObjectMapper.getDefault());

        assertThatThrownBy(() -> transfer.importJsonLines(new BufferedReader(new StringReader(backup)), store))
                .hasMessageContaining("line 2 is not a memory");

        assertThat(exported())
                .containsExactly(new MemoryStore.OwnedMemory(
                        "http", "alice", "my favourite food is ramen", Instant.parse("2026-01-02T03:04:05.123456Z")));
    }

    @Test
    void importsInBatchesOfAnySize() throws Exception {
        List<MemoryStore.OwnedMemory> many = new ArrayList<>();
        for (int i = 0; i < MemoryTransfer.BATCH + 10; i++) {
            many.add(new MemoryStore.OwnedMemory(
                    "http",
                    "person" + (i % 7),
                    "fact number " + i,
                    Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
        }
        StringWriter backup = new StringWriter();
        MemoryStore source = track(openEmptyStore());
        assertThat(source.importBatch(many)).isEqualTo(many.size());
        MemoryTransfer transfer = new MemoryTransfer(ObjectMapper.getDefault());
        transfer.exportJsonLines(source, backup);

        MemoryTransfer.Result result = transfer.importJsonLines(reader(backup), store);

        assertThat(result).isEqualTo(new MemoryTransfer.Result(many.size(), many.size()));
        assertThat(exported()).containsExactlyElementsOf(many);
        int lastOfPerson3 = many.size() - 1;
        while (lastOfPerson3 % 7 != 3) {
            lastOfPerson3--;
        }
        assertThat(store.recent("http", "person3", 1))
                .extracting(MemoryStore.Memory::content)
                .containsExactly("fact number " + lastOfPerson3);
    }

    List<MemoryStore.OwnedMemory> exported() throws SQLException {
        List<MemoryStore.OwnedMemory> all = new ArrayList<>();
        store.exportAll(all::add);
        return all;
    }

    void remember(CapabilityContext who, String content) throws CapabilityException {
        memory.execute("remember", Map.of("content", content), who);
    }

    private static BufferedReader reader(StringWriter written) {
        return new BufferedReader(new StringReader(written.toString()));
    }
}
