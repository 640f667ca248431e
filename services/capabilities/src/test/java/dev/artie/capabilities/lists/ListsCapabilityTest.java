package dev.artie.capabilities.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lists against a real Redis server. */
class ListsCapabilityTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static ListStore store;
    private static ListsCapability lists;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(redis.url());
        connection = client.connect();
        store = new ListStore(connection);
        lists = new ListsCapability(store);
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    private static CapabilityContext person() {
        return new CapabilityContext("http", "p-" + UUID.randomUUID(), "c");
    }

    @Test
    void addsShowsTicksOffAndClears() throws Exception {
        CapabilityContext ann = person();

        assertThat(lists.execute("add", Map.of("list", "shopping", "item", "milk, eggs, and Bread"), ann))
                .isEqualTo("Added milk, eggs, Bread to your shopping list. Your shopping list: 1. milk; 2. eggs; "
                        + "3. Bread.");
        assertThat(lists.execute("tick", Map.of("list", "groceries", "item", "EGGS"), ann))
                .startsWith("Ticked off eggs from your shopping list.")
                .endsWith("1. milk; 2. Bread.");
        assertThat(lists.execute("tick", Map.of("list", "shopping", "item", "2"), ann))
                .contains("Ticked off Bread");
        lists.execute("add", Map.of("item", "call mum"), ann);
        assertThat(lists.execute("show", Map.of("list", "To Do"), ann)).isEqualTo("Your to-do list: 1. call mum.");
        assertThat(lists.execute("show", Map.of(), ann)).isEqualTo("Your lists: shopping, to-do.");
        assertThat(lists.execute("clear", Map.of("list", "shopping"), ann))
                .isEqualTo("Cleared your shopping list (1 item).");
        assertThat(lists.execute("show", Map.of("list", "shopping"), ann)).isEqualTo("Your shopping list is empty.");
        assertThat(lists.execute("show", Map.of(), ann)).isEqualTo("Your lists: to-do.");
    }

    @Test
    void eachPersonSeesOnlyTheirOwnListsAndForgettingOneLeavesTheOthers() throws Exception {
        CapabilityContext ann = person();
        CapabilityContext bob = person();
        lists.execute("add", Map.of("list", "shopping", "item", "ann's tea"), ann);
        lists.execute("add", Map.of("list", "to-do", "item", "ann's taxes"), ann);
        lists.execute("add", Map.of("list", "shopping", "item", "bob's coffee"), bob);

        assertThat(lists.execute("show", Map.of("list", "shopping"), bob)).doesNotContain("ann");
        store.forget(ann.channel(), ann.personId());

        assertThat(lists.execute("show", Map.of(), ann)).isEqualTo("You have no lists yet.");
        assertThat(connection.sync().keys("*" + ann.personId() + "*")).isEmpty();
        assertThat(lists.execute("show", Map.of("list", "shopping"), bob)).contains("bob's coffee");
    }

    @Test
    void refusesWhatCannotBeDoneWithAReason() throws Exception {
        CapabilityContext ann = person();
        assertThatThrownBy(() -> lists.execute("tick", Map.of("list", "shopping", "item", "milk"), ann))
                .isInstanceOf(CapabilityException.class)
                .hasMessageContaining("'milk' is not on the shopping list");
        assertThatThrownBy(() -> lists.execute("add", Map.of("list", "shopping"), ann))
                .isInstanceOf(CapabilityException.class)
                .hasMessageContaining("name the item");
        assertThatThrownBy(() -> lists.execute("add", Map.of("list", "a:b*", "item", "x"), ann))
                .isInstanceOf(CapabilityException.class)
                .hasMessageContaining("a list's name");
        for (int i = 0; i < ListStore.MAX_ITEMS; i++) {
            store.add(ann.channel(), ann.personId(), "big", "item " + i);
        }
        assertThatThrownBy(() -> lists.execute("add", Map.of("list", "big", "item", "one more"), ann))
                .isInstanceOf(CapabilityException.class)
                .hasMessageContaining("the big list is full");
    }
}
