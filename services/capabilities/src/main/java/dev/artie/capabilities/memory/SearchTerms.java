package dev.artie.capabilities.memory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The words of a question ("what foods do I like?") that carry meaning ({@code foods}, {@code like}): question and
 * filler words are dropped, only letters and digits are kept (so no query syntax of either store can be injected),
 * and British and American spellings ("favourite", "favorite") are both looked for. Each store turns them into its
 * own query: SQLite FTS5 prefixes of the person's own words ({@link PersonScopedWords#query}), PostgreSQL
 * {@link #webSearchQuery()}.
 */
public record SearchTerms(List<String> words) {
    private static final Set<String> STOP_WORDS = Set.of(
            "a",
            "about",
            "all",
            "am",
            "an",
            "and",
            "any",
            "anything",
            "are",
            "as",
            "at",
            "be",
            "can",
            "could",
            "did",
            "do",
            "does",
            "else",
            "for",
            "from",
            "have",
            "how",
            "i",
            "i'm",
            "im",
            "in",
            "is",
            "it",
            "know",
            "me",
            "my",
            "myself",
            "of",
            "on",
            "or",
            "please",
            "recall",
            "remember",
            "say",
            "said",
            "so",
            "tell",
            "that",
            "the",
            "there",
            "things",
            "thing",
            "to",
            "told",
            "was",
            "we",
            "what",
            "what's",
            "whats",
            "when",
            "where",
            "which",
            "who",
            "why",
            "with",
            "you",
            "your",
            "yours");
    private static final int MAX_TERMS = 12;
    private static final List<String> SPELLING_ENDINGS = List.of("", "s", "ite", "ites", "ed");

    public SearchTerms {
        words = List.copyOf(words);
    }

    /** The words worth searching for in a person's text; none when nothing in it is. */
    public static SearchTerms of(String text) {
        Set<String> terms = new LinkedHashSet<>();
        StringBuilder word = new StringBuilder();
        for (char c : (text == null ? "" : text + " ").toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '\'') {
                word.append(Character.toLowerCase(c));
            } else {
                addTerm(terms, word.toString());
                word.setLength(0);
            }
        }
        return new SearchTerms(terms.stream().limit(MAX_TERMS).toList());
    }

    public boolean isEmpty() {
        return words.isEmpty();
    }

    /** PostgreSQL's {@code websearch_to_tsquery}: any of the words ({@code foods or like}), stemmed by 'english'. */
    public String webSearchQuery() {
        return String.join(" or ", words);
    }

    private static void addTerm(Set<String> terms, String word) {
        String term = word.replace("'", "");
        if (term.length() > 1 && !STOP_WORDS.contains(word.toLowerCase(Locale.ROOT)) && !STOP_WORDS.contains(term)) {
            terms.add(term);
            otherSpelling(term).ifPresent(terms::add);
        }
    }

    /** favourite ↔ favorite, colour ↔ color, flavours ↔ flavors. */
    static Optional<String> otherSpelling(String term) {
        for (String ending : SPELLING_ENDINGS) {
            if (term.endsWith("our" + ending) && term.length() > 4 + ending.length()) {
                return Optional.of(term.substring(0, term.length() - 3 - ending.length()) + "or" + ending);
            }
            if (term.endsWith("or" + ending) && !term.endsWith("our" + ending) && term.length() > 4 + ending.length()) {
                return Optional.of(term.substring(0, term.length() - 2 - ending.length()) + "our" + ending);
            }
        }
        return Optional.empty();
    }
}
