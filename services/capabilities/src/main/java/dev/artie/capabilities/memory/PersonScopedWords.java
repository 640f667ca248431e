package dev.artie.capabilities.memory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.stream.Collectors;

/**
 * How the SQLite store's full-text index keeps people apart: every word is indexed fused to a key of its owner
 * ({@code <key>ramen}), so each person's words have their own short lists in the index. A search reads only the
 * searcher's lists and bm25 weighs a word by how common it is among that person's memories, whatever the size of the
 * store (one shared index with plain words read every person's list of a common word: 170 ms at a million memories).
 * The key is 16 letters of a SHA-256 of channel and person; rows are still matched on channel and person, so even
 * two people whose keys collided would never see each other's memories.
 */
final class PersonScopedWords {
    private static final int KEY_LETTERS = 16;

    private PersonScopedWords() {}

    static String key(String channel, String personId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((channel + '\u0000' + personId).getBytes(StandardCharsets.UTF_8));
            StringBuilder key = new StringBuilder(KEY_LETTERS);
            for (int i = 0; i < KEY_LETTERS / 2; i++) {
                key.append((char) ('a' + ((hash[i] >> 4) & 0xf))).append((char) ('a' + (hash[i] & 0xf)));
            }
            return key.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * The text the index gets for a memory: its words (split where FTS5's unicode61 tokenizer splits, at anything
     * but a letter or digit), each behind the owner's key, lower-cased.
     */
    static String indexed(String key, String content) {
        StringBuilder words = new StringBuilder();
        StringBuilder word = new StringBuilder();
        content.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c)) {
                word.appendCodePoint(Character.toLowerCase(c));
            } else {
                append(words, key, word);
            }
        });
        append(words, key, word);
        return words.toString();
    }

    /** The FTS5 query for the search words: each behind the key, quoted and matched as a prefix, any of them. */
    static String query(String key, SearchTerms terms) {
        return terms.words().stream().map(word -> "\"" + key + word + "\"*").collect(Collectors.joining(" OR "));
    }

    private static void append(StringBuilder words, String key, StringBuilder word) {
        if (!word.isEmpty()) {
            words.append(words.isEmpty() ? "" : " ").append(key).append(word);
            word.setLength(0);
        }
    }
}
