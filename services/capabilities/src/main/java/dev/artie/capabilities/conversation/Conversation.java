package dev.artie.capabilities.conversation;

import dev.artie.capabilities.capability.CapabilityCall;
import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityResult;
import dev.artie.capabilities.capability.CapabilityRunner;
import dev.artie.capabilities.capability.CapabilityTagParser;
import dev.artie.capabilities.memory.ForgetRequests;
import dev.artie.capabilities.memory.MemoryCapability;
import dev.artie.capabilities.model.ChatMessage;
import dev.artie.capabilities.model.Deadline;
import dev.artie.capabilities.model.ModelReply;
import dev.artie.capabilities.model.ModelRouter;
import dev.artie.capabilities.model.NoModelAnsweredException;
import dev.artie.capabilities.model.PartialText;
import dev.artie.capabilities.model.ToolCall;
import dev.artie.capabilities.model.ToolDefinition;
import dev.artie.capabilities.web.WebCapability;
import dev.artie.shared.queue.IncomingMessage;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one message: runs the capabilities plain language asks for, then lets the model think in rounds, running
 * the capabilities it calls (tags or native tools) and feeding their results back, until it answers in plain text or
 * the rounds run out. When no model answers, the reply is assembled from the capability results and says so.
 */
@Singleton
public class Conversation {
    static final String OFFLINE_LABEL = "[offline]";
    /** Heads the system message holding what the capabilities worked out before the model is asked. */
    public static final String CAPABILITY_RESULTS_HEADING =
            "Artie already ran capabilities for the person's next message:\n";

    private static final Logger LOG = LoggerFactory.getLogger(Conversation.class);

    private final ModelRouter router;
    private final CapabilityRunner runner;
    private final CapabilityTagParser tags;
    private final CapabilityTools tools;
    private final SystemPrompt prompt;
    private final ConversationHistory history;
    private final ConversationSettings settings;
    private final MeterRegistry metrics;
    private final ForgetRequests forgetRequests;
    private final MemoryCapability memory;
    private final WebCapability web;

    public Conversation(
            ModelRouter router,
            CapabilityRunner runner,
            CapabilityTagParser tags,
            CapabilityTools tools,
            SystemPrompt prompt,
            ConversationHistory history,
            ConversationSettings settings,
            MeterRegistry metrics,
            ForgetRequests forgetRequests,
            MemoryCapability memory,
            WebCapability web) {
        this.router = router;
        this.runner = runner;
        this.tags = tags;
        this.tools = tools;
        this.prompt = prompt;
        this.history = history;
        this.settings = settings;
        this.metrics = metrics;
        this.forgetRequests = forgetRequests;
        this.memory = memory;
        this.web = web;
    }

    /**
     * The reply text, whether it was made without a model, and the person's forget epoch when the message was taken
     * up ({@link ConversationHistory#epoch}); null when the person was forgotten (then the exchange stays out of their
     * history too).
     */
    public record Answer(String text, boolean offline, String historyEpoch) {
        public Answer(String text, boolean offline) {
            this(text, offline, "0");
        }
    }

    /**
     * Thinks about one message; {@link #remember} records the exchange once the reply is published. A YES that
     * confirms the person's request to be forgotten erases them, without asking a model.
     */
    public Answer answer(IncomingMessage message) {
        return answer(message, PartialText.NONE);
    }

    /** As {@link #answer(IncomingMessage)}, handing the reply's text to {@code partial} while the model streams it. */
    public Answer answer(IncomingMessage message, PartialText partial) {
        CapabilityContext context = contextOf(message);
        if (forgetRequests.confirmedBy(context.channel(), context.personId(), message.text())) {
            return new Answer(erase(context), false, null);
        }
        String epoch = history.epoch(context);
        List<CapabilityResult> results =
                new ArrayList<>(runner.runAll(AutoInjection.callsFor(message.text(), web.searches()), context));
        List<ChatMessage> chat = new ArrayList<>();
        chat.add(ChatMessage.system(prompt.text(message.channel())));
        chat.addAll(history.load(context));
        List<ChatMessage> ranAlready = router.nativeTools() ? asToolTurns(results) : List.of();
        if (!results.isEmpty() && ranAlready.isEmpty()) {
            chat.add(ChatMessage.system(CAPABILITY_RESULTS_HEADING + describe(results)));
        }
        chat.add(ChatMessage.user(message.text()));
        chat.addAll(ranAlready);
        Answer answer = think(chat, results, context, partial);
        return new Answer(answer.text(), answer.offline(), epoch);
    }

    /** Adds the exchange to the person's history, once the reply is on its way (a retried message adds nothing twice). */
    public void remember(IncomingMessage message, Answer answer) {
        if (answer.historyEpoch() == null) {
            return;
        }
        history.append(contextOf(message), answer.historyEpoch(), message.text(), answer.text());
    }

    private String erase(CapabilityContext context) {
        try {
            return memory.erase(context);
        } catch (SQLException e) {
            LOG.warn("cannot erase the memories of a person who confirmed: {}", e.getMessage());
            return "I could not erase what I remember about you (the memory store failed); please ask again later.";
        }
    }

    private Answer think(
            List<ChatMessage> chat, List<CapabilityResult> results, CapabilityContext context, PartialText partial) {
        Deadline deadline = router.newDeadline();
        List<ToolDefinition> offered = router.nativeTools() ? tools.definitions() : List.of();
        List<CapabilityResult> lastRound = results;
        String text = "";
        for (int round = 1; round <= settings.maxRounds(); round++) {
            ModelReply reply;
            RoundText roundText = new RoundText(partial);
            try {
                reply = router.complete(chat, offered, deadline, roundText);
            } catch (NoModelAnsweredException e) {
                return offline(results, e.getMessage());
            }
            text = tags.strip(reply.content());
            List<CapabilityCall> tagCalls = tags.parse(reply.content());
            if (reply.toolCalls().isEmpty() && tagCalls.isEmpty()) {
                return new Answer(ExactValues.stated(text, results), false);
            }
            roundText.discard();
            chat.add(reply.asMessage());
            lastRound = new ArrayList<>();
            for (ToolCall toolCall : reply.toolCalls()) {
                CapabilityResult result = runner.run(tools.toCall(toolCall), context);
                lastRound.add(result);
                chat.add(ChatMessage.toolResult(toolCall.id(), result.describe()));
            }
            if (!tagCalls.isEmpty()) {
                List<CapabilityResult> tagResults = runner.runAll(tagCalls, context);
                lastRound.addAll(tagResults);
                chat.add(ChatMessage.user(ChatMessage.TOOL_RESULTS_HEADING + describe(tagResults)));
            }
            results.addAll(lastRound);
        }
        LOG.info(
                "the model still called capabilities after {} rounds; answering with what it has",
                settings.maxRounds());
        return new Answer(text.isBlank() ? describe(lastRound) : text, false);
    }

    /**
     * The capabilities run before asking, as the model's own tool calls and their results after the person's message:
     * the form models are trained to answer from (a system note is easier to ignore). Empty when one of them is no
     * tool; the results then go in a system message.
     */
    private List<ChatMessage> asToolTurns(List<CapabilityResult> results) {
        List<ToolCall> calls = new ArrayList<>();
        List<ChatMessage> turns = new ArrayList<>();
        for (CapabilityResult result : results) {
            String id = "artie_ran_" + (calls.size() + 1);
            Optional<ToolCall> call = tools.asToolCall(result.call(), id);
            if (call.isEmpty()) {
                return List.of();
            }
            calls.add(call.get());
            turns.add(ChatMessage.toolResult(id, result.describe()));
        }
        if (calls.isEmpty()) {
            return List.of();
        }
        turns.addFirst(ChatMessage.assistantCalling(null, calls));
        return turns;
    }

    /**
     * One round's streamed text, without capability tags; void when the round ends in capability calls
     * (docs/queue.md, "Capability rounds").
     */
    private final class RoundText implements PartialText {
        private final PartialText target;
        private boolean streamed;

        RoundText(PartialText target) {
            this.target = target;
        }

        @Override
        public void text(String soFar) {
            streamed = true;
            target.text(tags.strip(soFar));
        }

        @Override
        public void reset() {
            streamed = false;
            target.reset();
        }

        void discard() {
            if (streamed) {
                target.reset();
            }
        }
    }

    private Answer offline(List<CapabilityResult> results, String reason) {
        metrics.counter("artie.model.fallbacks", "kind", "offline").increment();
        LOG.info("answering offline: {}", reason);
        String text = results.isEmpty()
                ? "I can't reach a language model right now, but I can still calculate (try \"what is 17% of 240?\"), "
                        + "tell the time (\"what time is it in Tokyo?\"), convert units (\"convert 10 miles to km\"), "
                        + "keep lists (\"add milk to my shopping list\"), set reminders (\"remind me in 10 minutes to "
                        + "stretch\") and remember things (\"remember that my favourite food is ramen\")"
                        + (web.searches() ? ", and search the web (\"search the web for ramen recipes\")." : ".")
                : describe(results);
        return new Answer(OFFLINE_LABEL + " " + text, true);
    }

    private static CapabilityContext contextOf(IncomingMessage message) {
        return new CapabilityContext(
                message.channel(), message.personId(), message.conversationId(), message.replyTo(), message.metadata());
    }

    private static String describe(List<CapabilityResult> results) {
        return results.stream().map(CapabilityResult::describe).collect(Collectors.joining("\n"));
    }
}
