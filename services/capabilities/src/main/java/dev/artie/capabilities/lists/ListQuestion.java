package dev.artie.capabilities.lists;

import dev.artie.capabilities.capability.CapabilityCall;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a request about the person's lists in plain language ("add milk to my shopping list", "what's on my to-do
 * list?", "tick off milk from my shopping list", "clear my shopping list"), so the lists work without tag syntax,
 * and offline. The whole message must be the request, and a list named after "the" must be the to-do or shopping
 * list: "add me to the guest list" is not a list of the person's.
 */
public final class ListQuestion {
    /** What may come before a request: "hey Artie, could you please ...". */
    public static final String LEAD =
            "(?:(?:hey|hi|ok|okay|artie|please|so)[ ,]+)*(?:(?:can|could) you (?:please )?)?" + "(?:please )?";

    private static final String LIST = "(?<owner>my|the) (?<list>[a-z0-9][a-z0-9 -]{0,29}?) list";
    /** What may come after one: ", please!". */
    public static final String END = "(?:[ ,]+please)?[ .!?]*";

    private static final List<Request> REQUESTS = List.of(
            new Request(ListsCapability.ADD, "(?:add|put|write) (?<item>.+?) (?:to|on|onto|in) " + LIST),
            new Request(
                    ListsCapability.SHOW,
                    "(?:what(?:'s| is) (?:on|in)|what do i have on|show(?: me)?|read(?: me)?"
                            + "|give me|tell me|list) " + LIST),
            new Request(ListsCapability.TICK, "(?:tick|cross|check|strike) (?<item>.+?) off " + LIST),
            new Request(ListsCapability.TICK, "(?:tick|cross|check|strike) off (?<item>.+?) (?:from|on) " + LIST),
            new Request(ListsCapability.TICK, "(?:remove|delete|take) (?<item>.+?) (?:from|off) " + LIST),
            new Request(ListsCapability.TICK, "mark (?<item>.+?) (?:as )?done on " + LIST),
            new Request(ListsCapability.CLEAR, "(?:clear|empty|wipe|reset|delete) " + LIST),
            new Request(ListsCapability.SHOW, "(?:what are|show(?: me)?|what) my lists(?: do i have)?"));

    private record Request(String action, Pattern pattern) {
        Request(String action, String pattern) {
            this(action, Pattern.compile(LEAD + pattern + END));
        }
    }

    private ListQuestion() {}

    public static Optional<CapabilityCall> find(String text) {
        if (text == null || text.length() > 400) {
            return Optional.empty();
        }
        String said = text.strip().replace('’', '\'').replaceAll("\\s+", " ");
        String lower = said.toLowerCase(Locale.ROOT);
        for (Request request : REQUESTS) {
            Matcher matcher = request.pattern().matcher(lower);
            if (matcher.matches()) {
                // The item keeps the person's own capitals where lower-casing kept every position.
                return callFor(request.action(), matcher, lower.length() == said.length() ? said : lower);
            }
        }
        return Optional.empty();
    }

    private static Optional<CapabilityCall> callFor(String action, Matcher matcher, String said) {
        if (!matcher.pattern().pattern().contains("(?<list>")) {
            return Optional.of(CapabilityCall.of(ListsCapability.NAME, action, Map.of()));
        }
        Optional<String> list = ListsCapability.knownList(matcher.group("list"));
        boolean theirs = matcher.group("owner").equals("my")
                || list.filter(name -> name.equals(ListsCapability.TODO) || name.equals(ListsCapability.SHOPPING))
                        .isPresent();
        if (list.isEmpty() || !theirs) {
            return Optional.empty();
        }
        boolean withItem = matcher.pattern().pattern().contains("(?<item>");
        return Optional.of(CapabilityCall.of(
                ListsCapability.NAME,
                action,
                withItem
                        ? Map.of("list", list.get(), "item", said.substring(matcher.start("item"), matcher.end("item")))
                        : Map.of("list", list.get())));
    }
}
