package dev.artie.capabilities.clock;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a question about the time or date in plain language ("what time is it in Tokyo?", "what's the time in New
 * York", "what day is it today?"), so the clock answers without tag syntax, and offline. The whole message must be
 * the question: "I had a great time in Tokyo" asks nothing.
 */
public final class ClockQuestion {
    private static final Pattern QUESTION = Pattern.compile("(?:(?:hey|hi|ok|okay|artie|please|so)[ ,]+)*"
            + "(?:(?:can|could) you (?:please )?tell me |do you know )?"
            + "(?:what(?:'s| is) the (?:current |local )?(?:time|date)|what time is it|what(?:'s| is) the time"
            + "|what (?:day|date) is it|what(?:'s| is) today's date|(?:the )?(?:current |local )?time"
            + "|what time it is|the time)"
            + "(?: (?:now|right now|today))?(?: (?:in|at) (?<place>[a-z][a-z .'_/-]*?))?(?: (?:now|right now|today))?"
            + "(?:[ ,]+please)?[ .!?]*");

    private ClockQuestion() {}

    /**
     * The time zone asked about: empty for "what time is it?" (the clock then answers in UTC); absent when the text
     * does not ask the time, or names a place no time zone is known for (the model may know where that is).
     */
    public static Optional<String> find(String text) {
        if (text == null || text.length() > 200) {
            return Optional.empty();
        }
        Matcher matcher = QUESTION.matcher(
                text.strip().toLowerCase(Locale.ROOT).replace('’', '\'').replaceAll("\\s+", " "));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String place = matcher.group("place");
        if (place == null) {
            return Optional.of("");
        }
        return TimeZones.named(place.strip()).map(zone -> zone.getId());
    }
}
