package dev.artie.capabilities.conversation;

import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.memory.PersonalHistory;
import dev.artie.capabilities.model.ChatMessage;
import dev.artie.shared.conversation.ConversationStore;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * The last turns of each person's conversation and their index, in Redis through the {@link ConversationStore}
 * http-chat reads too: it survives restarts and every replica sees the same history. Forgetting a person counts up
 * their forget epoch; an exchange is added only if the epoch is still the one seen when its message was taken up,
 * so a message in flight while the person is forgotten adds nothing back.
 */
@Singleton
public class ConversationHistory implements PersonalHistory {
    private final ConversationStore store;
    private final Clock clock;
    private final int turns;
    private final int maxPerPerson;

    public ConversationHistory(ConversationStore store, ConversationSettings settings, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.turns = settings.historySize();
        this.maxPerPerson = settings.maxPerPerson();
    }

    /** Oldest first: each turn is what the person said and what Artie answered. */
    public List<ChatMessage> load(CapabilityContext context) {
        if (turns == 0) {
            return List.of();
        }
        return store.turns(context.channel(), context.personId(), context.conversationId()).stream()
                .map(turn -> new ChatMessage(turn.role(), turn.text(), null, null))
                .toList();
    }

    /** The person's forget epoch now: taken when their message is taken up, handed to {@link #append}. */
    public String epoch(CapabilityContext context) {
        return store.epoch(context.channel(), context.personId());
    }

    /** Adds the exchange, unless the person was forgotten since {@code epoch} was read. */
    public void append(CapabilityContext context, String epoch, String said, String answered) {
        if (turns == 0) {
            return;
        }
        store.append(
                context.channel(),
                context.personId(),
                context.conversationId(),
                epoch,
                said,
                answered,
                turns,
                maxPerPerson,
                clock.instant());
    }

    @Override
    public void forget(String channel, String personId) {
        store.forget(channel, personId);
    }

    static String key(CapabilityContext context) {
        return ConversationStore.turnsKey(context.channel(), context.personId(), context.conversationId());
    }
}
