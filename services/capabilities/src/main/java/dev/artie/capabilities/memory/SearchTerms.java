package dev.artie.capabilities.memory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a question ("what foods do I like?") into an FTS5 query over the words that carry meaning
 * ({@code "foods"* OR "like"*}): question and filler words are dropped, every word is quoted (so no FTS5
 * syntax can be injected) and matched as a prefix; the porter tokenizer folds "foods" into "food", and British and
 * American spellings ("favourite", "favorite") are both looked for.
 */
final class SearchTerms {
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "about", "all", "am", "an", "and", "any", "anything", "are", "as", "at", "be", "can", "could",
            "did", "do", "does", "else", "for", "from", "have", "how", "i", "i'm", "im", "in", "is", "it", "know",
            "me", "my", "myself", "of", "on", "or", "please", "recall", "remember", "say", "said", "so", "tell",
            "that", "the", "there", "things", "thing", "to", "told", "was", "we", "what", "what's", "whats",
            "when", "where", "which", "who", "why", "with", "you", "your", "yours");
    private static final int MAX_TERMS = 12;
    private static final List<String> SPELLING_ENDINGS = List.of("", "s", "ite", "ites", "ed");

    private SearchTerms() {
    }

    /** The FTS5 query, or an empty string when nothing in the text is worth searching for. */
    static String ftsQuery(String text) {
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
        return String.join(" OR ", terms.stream().limit(MAX_TERMS).map(t -> "\"" + t + "\"*").toList());
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
