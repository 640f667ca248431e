package dev.artie.shared.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.conversation.ConversationStore.Summary;
import dev.artie.shared.conversation.ConversationStore.Turn;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.serde.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conversation store against a real Redis: what capabilities writes is what http-chat lists, reads and deletes. */
class ConversationStoreTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static ConversationStore store;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(redis.url());
        connection = client.connect();
        store = new ConversationStore(connection, ObjectMapper.getDefault());
    }

    @AfterAll
    static void close() {
        connection.close();
        client.shutdown();
    }

    private static String person() {
        return "p-" + UUID.randomUUID();
    }

    private static void say(String person, String conversation, String said, Instant at) {
        assertThat(store.append(
                        "http", person, conversation, store.epoch("http", person), said, "re: " + said, 20, 100, at))
                .isTrue();
    }

    @Test
    void listsConversationsNewestFirstWithTitleTurnsAndLastActivity() {
        String person = person();
        say(person, "a", "what is 17% of 240?", T0);
        say(person, "b", "hello there", T0.plusSeconds(1));
        say(person, "a", "and of 300?", T0.plusSeconds(2));

        assertThat(store.list("http", person, T0.plusSeconds(3)))
                .containsExactly(
                        new Summary("a", "what is 17% of 240?", 4, T0.plusSeconds(2)),
                        new Summary("b", "hello there", 2, T0.plusSeconds(1)));
        assertThat(store.find("http", person, "a", T0.plusSeconds(3))).hasValueSatisfying(found -> {
            assertThat(found.title()).isEqualTo("what is 17% of 240?");
            assertThat(found.updatedAt()).isEqualTo(T0.plusSeconds(2));
            assertThat(found.turns())
                    .containsExactly(
                            new Turn("user", "what is 17% of 240?"),
                            new Turn("assistant", "re: what is 17% of 240?"),
                            new Turn("user", "and of 300?"),
                            new Turn("assistant", "re: and of 300?"));
        });
    }

    @Test
    void keepsOnlyTheLastTurnsAndCountsThose() {
        String person = person();
        for (int i = 1; i <= 3; i++) {
            store.append("http", person, "c", "0", "m" + i, "r" + i, 2, 100, T0.plusSeconds(i));
        }
        assertThat(store.find("http", person, "c", T0.plusSeconds(5))
                        .orElseThrow()
                        .turns())
                .extracting(Turn::text)
                .containsExactly("m2", "r2", "m3", "r3");
        assertThat(store.list("http", person, T0.plusSeconds(5)))
                .singleElement()
                .satisfies(summary -> assertThat(summary.turns()).isEqualTo(4));
    }

    @Test
    void startingOneMoreThanTheBoundDropsTheOneIdleLongest() {
        String person = person();
        store.append("http", person, "x:1", "0", "first", "r", 20, 2, T0);
        store.append("http", person, "x:2", "0", "second", "r", 20, 2, T0.plusSeconds(1));
        store.append("http", person, "x:1", "0", "first again", "r", 20, 2, T0.plusSeconds(2));
        store.append("http", person, "x:3", "0", "third", "r", 20, 2, T0.plusSeconds(3));

        assertThat(store.list("http", person, T0.plusSeconds(4)))
                .extracting(Summary::id)
                .containsExactly("x:3", "x:1");
        assertThat(store.turns("http", person, "x:2"))
                .as("the dropped one's turns are gone too")
                .isEmpty();
        assertThat(connection.sync().exists(ConversationStore.metaKey("http", person, "x:2")))
                .isZero();
    }

    @Test
    void anotherPersonsOrAnUnknownConversationIsNotFound() {
        String person = person();
        say(person, "mine", "secret plans", T0);

        assertThat(store.find("http", person(), "mine", T0)).isEmpty();
        assertThat(store.find("http", person, "unknown", T0)).isEmpty();
        assertThat(store.find("sms", person, "mine", T0)).isEmpty();
        assertThat(store.delete("http", person(), "mine", T0)).isFalse();
        assertThat(store.find("http", person, "mine", T0)).isPresent();
    }

    @Test
    void deletesOneConversationAndItsTurns() {
        String person = person();
        say(person, "a", "one", T0);
        say(person, "b", "two", T0);

        assertThat(store.delete("http", person, "a", T0)).isTrue();
        assertThat(store.delete("http", person, "a", T0)).isFalse();
        assertThat(store.list("http", person, T0)).extracting(Summary::id).containsExactly("b");
        assertThat(store.turns("http", person, "a")).isEmpty();
    }

    @Test
    void idleConversationsAreGoneAfterThirtyDaysAndExpireInRedis() {
        String person = person();
        say(person, "old", "long ago", T0);
        Instant later = T0.plus(ConversationStore.IDLE_EXPIRY).plus(Duration.ofMinutes(1));

        assertThat(store.list("http", person, later)).isEmpty();
        assertThat(store.find("http", person, "old", later)).isEmpty();
        long ttl = connection.sync().ttl(ConversationStore.turnsKey("http", person, "old"));
        assertThat(ttl)
                .isBetween(ConversationStore.IDLE_EXPIRY.toSeconds() - 60, ConversationStore.IDLE_EXPIRY.toSeconds());
        assertThat(connection.sync().ttl(ConversationStore.index("http", person)))
                .isPositive();
        assertThat(connection.sync().ttl(ConversationStore.metaKey("http", person, "old")))
                .isPositive();
    }

    @Test
    void forgettingAPersonDeletesEveryConversationAndTheIndexAndKeepsOutExchangesInFlight() {
        String person = person();
        String other = person();
        say(person, "a", "one", T0);
        say(person, "b:c", "two", T0);
        say(other, "a", "theirs", T0);
        String epochBefore = store.epoch("http", person);

        store.forget("http", person);

        assertThat(store.list("http", person, T0)).isEmpty();
        assertThat(connection.sync().keys("artie:*" + person + "*"))
                .allMatch(key -> key.startsWith("artie:forget-epoch:"));
        assertThat(store.append("http", person, "a", epochBefore, "in flight", "r", 20, 100, T0))
                .isFalse();
        assertThat(store.list("http", person, T0)).isEmpty();
        assertThat(store.list("http", other, T0)).hasSize(1);
    }

    @Test
    void aTitleIsTheStartOfTheFirstMessageOnOneLine() {
        String person = person();
        say(person, "long", "  a   question\nthat goes " + "on and ".repeat(30), T0);
        say(person, "long", "a second message", T0);

        String title = store.list("http", person, T0).getFirst().title();
        assertThat(title)
                .hasSizeLessThanOrEqualTo(ConversationStore.LONGEST_TITLE)
                .startsWith("a question that goes on and")
                .endsWith("…");
    }
}
