package dev.artie.capabilities.memory;

import dev.artie.capabilities.capability.Capability;
import dev.artie.capabilities.capability.CapabilityAction;
import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Long-term memory per person. Every call is scoped to the person speaking (the context), whatever person the
 * arguments name: a model cannot read or write someone else's memories.
 */
@Singleton
public class MemoryCapability implements Capability {
    public static final String NAME = "memory";
    public static final String REMEMBER = "remember";
    public static final String RECALL = "recall";
    public static final String SEARCH = "search";
    public static final String FORGET = "forget";
    private static final int MAX_CONTENT = 2000;
    private static final int LIMIT = 10;

    private final MemoryStore store;
    private final List<PersonalHistory> histories;
    private final ForgetRequests forgetRequests;

    /** @param histories everything else kept about a person (conversations, lists): forgetting them clears it too */
    public MemoryCapability(MemoryStore store, List<PersonalHistory> histories, ForgetRequests forgetRequests) {
        this.store = store;
        this.histories = List.copyOf(histories);
        this.forgetRequests = forgetRequests;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Remembers what the person tells you about themselves, and looks it up later.";
    }

    @Override
    public List<CapabilityAction> actions() {
        return List.of(
                CapabilityAction.withTextArgument(
                        REMEMBER,
                        "Store a fact about the person speaking",
                        "content",
                        "the fact, e.g. my favourite food is ramen",
                        true),
                CapabilityAction.withTextArgument(
                        RECALL,
                        "The person's most recent memories, or those matching a query",
                        "query",
                        "optional words to look for",
                        false),
                CapabilityAction.withTextArgument(
                        SEARCH,
                        "The person's memories that best match a query",
                        "query",
                        "words to look for, e.g. food",
                        true),
                new CapabilityAction(
                        FORGET,
                        "Ask the person speaking to confirm (by replying YES) that everything "
                                + "remembered about them and their conversation history is to be erased; only when they ask "
                                + "for it",
                        Map.of("type", "object", "properties", Map.of()),
                        null));
    }

    @Override
    public String execute(String action, Map<String, Object> arguments, CapabilityContext context)
            throws CapabilityException {
        try {
            return switch (action) {
                case REMEMBER -> remember(text(arguments, "content"), context);
                case RECALL, SEARCH -> search(text(arguments, "query"), context);
                case FORGET -> askToForget(context);
                default -> throw new CapabilityException("memory has no action '" + action + "'");
            };
        } catch (SQLException e) {
            throw new CapabilityException("the memory store failed: " + e.getMessage(), e);
        }
    }

    private String remember(String content, CapabilityContext context) throws CapabilityException, SQLException {
        if (content.isBlank()) {
            throw new CapabilityException("remember needs the content to store");
        }
        if (content.length() > MAX_CONTENT) {
            throw new CapabilityException("that is too long to remember (at most " + MAX_CONTENT + " characters)");
        }
        store.remember(context.channel(), context.personId(), content.strip());
        return "I'll remember that: " + content.strip();
    }

    /** Nothing is erased yet: the speaker (whatever the arguments say) must confirm with YES ({@link #erase}). */
    private String askToForget(CapabilityContext context) {
        forgetRequests.ask(context.channel(), context.personId());
        return "Do you want me to erase everything I remember about you, our conversation history, your lists and "
                + "your reminders? Reply YES within " + ForgetRequests.CONFIRM_WITHIN.toMinutes() + " minutes to "
                + "erase it; any other answer keeps it.";
    }

    /** The person's memories and conversation history go, once they confirmed; only the speaker's. */
    public String erase(CapabilityContext context) throws SQLException {
        int forgotten = store.forget(context.channel(), context.personId());
        histories.forEach(history -> history.forget(context.channel(), context.personId()));
        return "I forgot everything I remembered about you: " + forgotten + (forgotten == 1 ? " memory" : " memories")
                + ", our conversation history, your lists and your reminders.";
    }

    /** Ranked matches for the words that matter; when none match, the newest memories, so the answer is never empty. */
    private String search(String query, CapabilityContext context) throws SQLException {
        List<MemoryStore.Memory> found =
                store.search(context.channel(), context.personId(), SearchTerms.of(query), LIMIT);
        if (found.isEmpty()) {
            found = store.recent(context.channel(), context.personId(), LIMIT);
        }
        if (found.isEmpty()) {
            return "I don't have any memories about you yet.";
        }
        return "What I remember about you:\n"
                + found.stream().map(m -> "- " + m.content()).collect(Collectors.joining("\n"));
    }

    private static String text(Map<String, Object> arguments, String name) {
        Object value = arguments.get(name);
        return value == null ? "" : value.toString();
    }
}
