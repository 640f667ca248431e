package dev.artie.shared.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a reply within what a channel should deliver (each SMS part is billed, a Discord flood buries the chat),
 * cutting at a word and saying so at the end: {@value #MARK}. The model's own length is bounded too (max_tokens),
 * but a reply may also be made of capability results.
 */
public final class ReplyShortening {
    public static final String MARK = "(reply shortened)";
    private static final String SUFFIX = "\n" + MARK;

    private ReplyShortening() {}

    /** The text, or its start and the mark when it is longer than {@code maxLength}. */
    public static String shorten(String text, int maxLength) {
        return text.length() <= maxLength ? text : cut(text, maxLength - SUFFIX.length()) + SUFFIX;
    }

    /** The first {@code maxParts} parts, the last of them ending with the mark when parts were left out. */
    public static List<String> firstParts(List<String> parts, int maxParts, int partLength) {
        if (parts.size() <= maxParts) {
            return parts;
        }
        List<String> kept = new ArrayList<>(parts.subList(0, maxParts));
        String last = kept.getLast();
        kept.set(
                maxParts - 1,
                (last.length() + SUFFIX.length() <= partLength ? last : cut(last, partLength - SUFFIX.length()))
                        + SUFFIX);
        return kept;
    }

    /** At most {@code room} characters, at the last space if there is one in the second half, never in a surrogate pair. */
    private static String cut(String text, int room) {
        int at = text.lastIndexOf(' ', room);
        if (at < room / 2) {
            at = Character.isHighSurrogate(text.charAt(room - 1)) ? room - 1 : room;
        }
        return text.substring(0, at).stripTrailing();
    }
}
