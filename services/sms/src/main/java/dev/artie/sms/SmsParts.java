package dev.artie.sms;

import dev.artie.shared.channel.ReplyShortening;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a reply into messages Twilio accepts (at most 1,600 characters each), in reading order, and at most
 * {@link #MAX_PARTS} of them: every 153 characters (67 with emoji or a non-Latin script) are billed as one segment.
 */
final class SmsParts {
    /** Twilio refuses a Messages API body longer than this. */
    static final int MAX_LENGTH = 1600;
    /** About 32 segments, 72 for text beyond GSM-7; a longer reply ends with "(reply shortened)". */
    static final int MAX_PARTS = 3;

    /** Where a sentence ends: . ! ? (and closing quotes or brackets) followed by white space, or a line break. */
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?][\"')\\]]*\\s+|\\n+");

    private static final Pattern SPACE = Pattern.compile("\\s+");

    private SmsParts() {}

    static List<String> split(String text) {
        return ReplyShortening.firstParts(split(text, MAX_LENGTH), MAX_PARTS, MAX_LENGTH);
    }

    static List<String> split(String text, int maxLength) {
        List<String> parts = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > maxLength) {
            int cut = lastBreak(SENTENCE_END, rest, maxLength);
            if (cut <= 0) {
                cut = lastBreak(SPACE, rest, maxLength);
            }
            if (cut <= 0) {
                // One word longer than a message (a URL, say): cut it, but never between a surrogate pair.
                cut = Character.isHighSurrogate(rest.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
            }
            String part = rest.substring(0, cut).strip();
            if (!part.isEmpty()) {
                parts.add(part);
            }
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    /** End of the last match of {@code boundary} that keeps the part within {@code maxLength}, or -1. */
    private static int lastBreak(Pattern boundary, String text, int maxLength) {
        Matcher matcher = boundary.matcher(text);
        matcher.region(0, Math.min(text.length(), maxLength + 1));
        int cut = -1;
        while (matcher.find()) {
            // The break's white space is dropped: the part ends with the punctuation (and any closing quotes).
            String match = matcher.group();
            int partEnd =
                    matcher.end() - (match.length() - match.stripTrailing().length());
            if (partEnd <= maxLength) {
                cut = matcher.end();
            }
        }
        return cut;
    }
}
