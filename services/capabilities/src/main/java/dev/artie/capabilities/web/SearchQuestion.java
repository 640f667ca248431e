package dev.artie.capabilities.web;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a plain request for a web search ("search the web for X", "look up X", "google X") or a plain question about
 * current events ("what's the latest news about X?", "what's in the news today?"), so that the search runs before the
 * model is asked, and offline. Conservative: the whole message must be the request, and what is asked about must not
 * be the person's own ("look up my notes") or a direction ("look up at the sky").
 */
public final class SearchQuestion {
    /** What a news question with no topic searches for. */
    static final String NEWS = "latest news";

    private static final String LEAD =
            "(?:(?:hey|hi|ok|okay|artie|please|so)[ ,]+)*" + "(?:(?:can|could|would) you (?:please )?|please )?";
    private static final Pattern SEARCH_FOR = Pattern.compile(LEAD
            + "(?:search (?:the web|the internet|online|the net) for|search for|web search(?: for)?|google"
            + "|look up|look online for|find online)"
            + " (?<query>.+?)(?: (?:online|on the web|on the internet))?(?:[ ,]+please)?[ .!?]*");
    private static final Pattern NEWS_ABOUT = Pattern.compile(LEAD
            + "(?:(?:tell me |what(?:'s| is| are) )?(?:the )?(?:latest|recent|current) (?:news|headlines|updates?)"
            + "|(?:is there |are there )?any (?:news|updates?)|what(?:'s| is) new)"
            + " (?:about|on|from|regarding|with|in) (?<query>.+?)(?: (?:today|this week|right now|now))?"
            + "(?:[ ,]+please)?[ .!?]*");
    private static final Pattern NEWS_TODAY = Pattern.compile(LEAD
            + "(?:what(?:'s| is) (?:in )?the news|what(?:'s| is) happening in the world|(?:tell me |what are )?"
            + "(?:the |today's )?(?:latest |top )?(?:news|headlines))"
            + "(?: (?:today|this morning|tonight|this week|right now|now))?(?:[ ,]+please)?[ .!?]*");
    /** Whose or what the query must not be: the person's own things, a direction, a word that is no topic. */
    private static final Pattern NOT_A_TOPIC = Pattern.compile(
            "(?:my|me|mine|our|your|you|yourself|it|this|that|them|him|her|at|to|from|and|up|down)(?: .*)?");

    private SearchQuestion() {}

    /** What to search the web for, or empty when the message asks no search. */
    public static Optional<String> find(String text) {
        if (text == null || text.length() > 300) {
            return Optional.empty();
        }
        String said = normalized(text).toLowerCase(Locale.ROOT);
        if (NEWS_TODAY.matcher(said).matches()) {
            return Optional.of(NEWS);
        }
        Matcher news = NEWS_ABOUT.matcher(said);
        if (news.matches()) {
            return topic(text, news).map(topic -> NEWS + " about " + topic);
        }
        Matcher search = SEARCH_FOR.matcher(said);
        return search.matches() ? topic(text, search) : Optional.empty();
    }

    /** The query as the person wrote it (their capitals kept), unless it is no topic. */
    private static Optional<String> topic(String text, Matcher matcher) {
        String query = matcher.group("query").strip();
        if (query.isEmpty() || NOT_A_TOPIC.matcher(query).matches()) {
            return Optional.empty();
        }
        String written = normalized(text);
        // Lower-casing keeps the length but for a few letters (İ); then the lower-case query is as good.
        return Optional.of(
                written.length() == matcher.regionEnd()
                        ? written.substring(matcher.start("query"), matcher.end("query"))
                                .strip()
                        : query);
    }

    private static String normalized(String text) {
        return text.strip().replace('’', '\'').replaceAll("\\s+", " ");
    }
}
