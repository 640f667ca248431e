package dev.artie.capabilities.conversation;

import dev.artie.capabilities.calculator.CalculatorCapability;
import dev.artie.capabilities.calculator.MathQuestion;
import dev.artie.capabilities.capability.CapabilityCall;
import dev.artie.capabilities.clock.ClockCapability;
import dev.artie.capabilities.clock.ClockQuestion;
import dev.artie.capabilities.lists.ListQuestion;
import dev.artie.capabilities.memory.MemoryCapability;
import dev.artie.capabilities.reminders.ReminderQuestion;
import dev.artie.capabilities.units.UnitsCapability;
import dev.artie.capabilities.units.UnitsQuestion;
import dev.artie.capabilities.web.SearchQuestion;
import dev.artie.capabilities.web.WebCapability;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Plain language that runs a capability before the model is asked, so that "what is 17% of 240?",
 * "remember that my favourite food is ramen", "what foods do I like?", "what time is it in Tokyo?", "convert 10
 * miles to km" and "remind me in 10 minutes to stretch" work without tag syntax, and even offline; with a search
 * backend, "what's the latest news about the Mars rover?" searches the web.
 */
final class AutoInjection {
    private static final List<String> REMEMBER_LEAD_INS = List.of(
            "please remember that",
            "remember that",
            "don't forget that",
            "dont forget that",
            "please remember",
            "remember:",
            "note that",
            "keep in mind that",
            "remember");
    private static final List<String> RECALL_PHRASES = List.of(
            "do you remember",
            "what do you know about me",
            "what do you remember",
            "do i like",
            "do i love",
            "do i enjoy",
            "what's my",
            "whats my",
            "what is my",
            "what are my",
            "who am i",
            "what did i tell you",
            "about myself",
            "remind me what",
            "my favourite",
            "my favorite");
    /**
     * The whole message must be the request, said as one ("forget everything about me", "Artie, please forget what
     * you know about me.", "can you delete my memories?", "forget me"): a phrase inside a longer message ("please
     * don't ever forget me", "I hope you won't forget me", "forget me not") asks for something else. Even then
     * nothing is erased before the person replies YES ({@link dev.artie.capabilities.memory.ForgetRequests}).
     */
    private static final Pattern FORGET_ME = Pattern.compile("(?:(?:hey|hi|hello|ok|okay|so|artie)[ ,]+)*"
            + "(?:please[ ,]+)?(?:(?:can|could) you (?:please )?)?"
            + "(?:forget (?:everything|all|what you know|all you know)(?: you know)? about me|forget me"
            + "|(?:delete|erase|wipe|remove) (?:all )?(?:of )?my (?:memories|data))"
            + "(?:[ ,]+please)?(?: now)?[ .!?]*");
    /** Words that may come before "remember that": "hey Artie, please remember that ...". */
    private static final Set<String> GREETING_WORDS =
            Set.of("hey", "hi", "hello", "artie", "ok", "okay", "please", "so", "oh", "and", "also");

    private AutoInjection() {}

    /** @param webSearch whether a search backend is configured: without one, nothing asks for a search */
    static List<CapabilityCall> callsFor(String text, boolean webSearch) {
        List<CapabilityCall> calls = new ArrayList<>();
        String said = text.strip();
        String lower = said.toLowerCase(Locale.ROOT);
        if (FORGET_ME.matcher(lower.replaceAll("\\s+", " ")).matches()) {
            return List.of(CapabilityCall.of(MemoryCapability.NAME, MemoryCapability.FORGET, Map.of()));
        }
        Optional<CapabilityCall> reminderRequest = ReminderQuestion.find(said);
        if (reminderRequest.isPresent()) {
            return List.of(reminderRequest.get()); // "what are my reminders?" asks the reminders, not the memory
        }
        Optional<CapabilityCall> listRequest = ListQuestion.find(said);
        if (listRequest.isPresent()) {
            return List.of(listRequest.get()); // "what's on my shopping list?" asks the list, not the memory
        }
        boolean question = lower.endsWith("?");
        String fact = question ? "" : factToRemember(said, lower);
        if (!fact.isEmpty()) {
            calls.add(CapabilityCall.of(MemoryCapability.NAME, MemoryCapability.REMEMBER, Map.of("content", fact)));
        } else if (RECALL_PHRASES.stream().anyMatch(lower::contains)) {
            calls.add(CapabilityCall.of(MemoryCapability.NAME, MemoryCapability.SEARCH, Map.of("query", text)));
        }
        ClockQuestion.find(said)
                .ifPresent(zone -> calls.add(
                        CapabilityCall.of(ClockCapability.NAME, ClockCapability.NOW, Map.of("timezone", zone))));
        UnitsQuestion.find(said)
                .ifPresent(query -> calls.add(
                        CapabilityCall.of(UnitsCapability.NAME, UnitsCapability.CONVERT, Map.of("query", query))));
        MathQuestion.find(text)
                .ifPresent(expression -> calls.add(CapabilityCall.of(
                        CalculatorCapability.NAME, CalculatorCapability.CALCULATE, Map.of("expression", expression))));
        if (webSearch) {
            SearchQuestion.find(said)
                    .ifPresent(query -> calls.add(
                            CapabilityCall.of(WebCapability.NAME, WebCapability.SEARCH, Map.of("query", query))));
        }
        return calls;
    }

    /** "remember that my favourite food is ramen" → "my favourite food is ramen"; empty when nothing is to be remembered. */
    private static String factToRemember(String said, String lower) {
        for (String leadIn : REMEMBER_LEAD_INS) {
            int at = lower.indexOf(leadIn);
            int factStart = at + leadIn.length();
            if (at >= 0 && factStart <= said.length() && onlyGreetingBefore(lower.substring(0, at))) {
                return trimEnd(said.substring(factStart));
            }
        }
        return "";
    }

    /** "I remember when..." tells a story; "hey Artie, remember that..." asks to remember. */
    private static boolean onlyGreetingBefore(String prefix) {
        String trimmed = prefix.strip();
        if (trimmed.isEmpty() || ".!".indexOf(trimmed.charAt(trimmed.length() - 1)) >= 0) {
            return true; // the start of the message, or of a sentence in it
        }
        return Arrays.stream(trimmed.split("[\\s,]+")).allMatch(GREETING_WORDS::contains);
    }

    private static String trimEnd(String text) {
        String fact = text.strip();
        while (!fact.isEmpty() && ".!,;:".indexOf(fact.charAt(fact.length() - 1)) >= 0) {
            fact = fact.substring(0, fact.length() - 1).strip();
        }
        while (!fact.isEmpty() && ":,".indexOf(fact.charAt(0)) >= 0) {
            fact = fact.substring(1).strip();
        }
        return fact;
    }
}
