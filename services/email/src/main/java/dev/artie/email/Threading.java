package dev.artie.email;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** RFC 5322 threading: which thread a mail belongs to, and the headers and subject that keep a reply in it. */
final class Threading {
    /** References grow with every round; the root and the most recent ids are what clients need (RFC 5322 3.6.4). */
    private static final int MAX_REFERENCES = 20;

    private static final Pattern REPLY_PREFIX = Pattern.compile("(?i)^\\s*(re|aw|sv|antw)\\s*(\\[\\d+])?\\s*:.*");

    private Threading() {}

    /** The ids of a References (or In-Reply-To) header, in order. */
    static List<String> ids(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        return Arrays.stream(header.trim().split("\\s+"))
                .filter(id -> id.startsWith("<") && id.endsWith(">"))
                .toList();
    }

    /** The first mail of the thread: the oldest reference, else what it answers, else the mail itself. */
    static String root(List<String> references, List<String> inReplyTo, String messageId) {
        if (!references.isEmpty()) {
            return references.getFirst();
        }
        return inReplyTo.isEmpty() ? messageId : inReplyTo.getFirst();
    }

    /** The References of a reply to a mail: the mail's own References (or In-Reply-To) followed by its id. */
    static String replyReferences(List<String> references, List<String> inReplyTo, String messageId) {
        List<String> chain = new ArrayList<>(references.isEmpty() ? inReplyTo : references);
        if (messageId != null && !chain.contains(messageId)) {
            chain.add(messageId);
        }
        if (chain.size() > MAX_REFERENCES) {
            List<String> trimmed = new ArrayList<>(chain.subList(chain.size() - MAX_REFERENCES + 1, chain.size()));
            trimmed.addFirst(chain.getFirst());
            chain = trimmed;
        }
        return String.join(" ", chain);
    }

    /** "Re: " in front, once: a subject that already is a reply keeps its prefix and gets no second one. */
    static String replySubject(String subject) {
        if (subject == null || subject.isBlank()) {
            return "Re: your message";
        }
        String clean = subject.strip();
        return REPLY_PREFIX.matcher(clean).matches() ? clean : "Re: " + clean;
    }

    static String normalizeAddress(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}
