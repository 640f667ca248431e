package dev.artie.shared.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * How a channel cuts a reply into the messages it sends, in order: each at most {@code maxLength} characters, at most
 * {@code maxParts} of them (the last then ends with {@value ReplyShortening#MARK}). Cuts fall between sentences or
 * lines (a sentence ends with . ! or ?, and any closing quotes or brackets, before white space); a sentence longer
 * than a message is cut at a space, or anywhere if it has none in the message's second half, never inside a
 * surrogate pair. The white space at a cut is dropped.
 *
 * <p>Where the channel renders Markdown ({@code markdownCode}), a fenced code block that fits in one message is never
 * cut, and one that does not is closed at the end of a message and reopened (with its language) at the start of the
 * next, so every message renders. Hand-written because no library knows chat Markdown's fences.
 */
public record ReplyParts(int maxLength, int maxParts, boolean markdownCode) {
    private static final String FENCE = "```";
    /** What closing a code block at a cut costs at most: a line break and the fence. */
    private static final int CLOSE_COST = 1 + FENCE.length();
    /** A fence line longer than this is not worth repeating on every part: reopen with a bare fence. */
    private static final int MAX_REOPEN = 40;

    public ReplyParts {
        if (maxLength < (markdownCode ? 2 * MAX_REOPEN : 2)) {
            throw new IllegalArgumentException("maxLength too small: " + maxLength);
        }
        if (maxParts < 1) {
            throw new IllegalArgumentException("maxParts must be at least 1: " + maxParts);
        }
    }

    /** The parts of {@code text}; never more than {@link #maxParts}. */
    public List<String> split(String text) {
        Splitter splitter = new Splitter(maxLength);
        if (markdownCode) {
            splitter.addMarkdown(text);
        } else {
            splitter.addProse(text);
        }
        splitter.flush(false);
        return ReplyShortening.firstParts(List.copyOf(splitter.parts), maxParts, maxLength);
    }

    /** Sentences and lines, each keeping the spaces or line break that follow it, so that joined they are the text. */
    static List<String> sentences(String prose) {
        List<String> units = new ArrayList<>();
        int start = 0;
        int n = prose.length();
        for (int i = 0; i < n; i++) {
            char c = prose.charAt(i);
            int after = i + 1;
            if (c == '.' || c == '!' || c == '?') {
                while (after < n && "\"')]".indexOf(prose.charAt(after)) >= 0) {
                    after++;
                }
            }
            boolean end = c == '\n'
                    || (c == '.' || c == '!' || c == '?')
                            && (after == n || Character.isWhitespace(prose.charAt(after)));
            if (end) {
                int j = after;
                while (j < n && prose.charAt(j) == ' ') {
                    j++;
                }
                if (c != '\n' && j < n && prose.charAt(j) == '\n') {
                    j++;
                }
                units.add(prose.substring(start, j));
                start = j;
                i = j - 1;
            }
        }
        if (start < n) {
            units.add(prose.substring(start));
        }
        return units;
    }

    private static final class Splitter {
        private final int limit;
        private final List<String> parts = new ArrayList<>();
        private StringBuilder current = new StringBuilder();
        private int prefixLength;
        /** The fence line of the code block the current part is inside, or null outside code. */
        private String openFence;

        Splitter(int limit) {
            this.limit = limit;
        }

        void addMarkdown(String text) {
            StringBuilder prose = new StringBuilder();
            StringBuilder code = null;
            String fence = null;
            for (String line : text.split("(?<=\n)")) {
                String stripped = line.strip();
                if (code == null && stripped.startsWith(FENCE)) {
                    addProse(prose.toString());
                    prose.setLength(0);
                    code = new StringBuilder(line);
                    fence = stripped.length() <= MAX_REOPEN ? stripped : FENCE;
                } else if (code != null
                        && stripped.startsWith(FENCE)
                        && stripped.replace("`", "").isEmpty()) {
                    code.append(line);
                    addCode(code.toString(), fence);
                    code = null;
                } else if (code != null) {
                    code.append(line);
                } else {
                    prose.append(line);
                }
            }
            if (code != null) {
                addCode(code.toString(), fence); // never closed by the model: kept as it came
            }
            addProse(prose.toString());
        }

        void addProse(String prose) {
            for (String sentence : sentences(prose)) {
                add(sentence, null);
            }
        }

        private void addCode(String block, String fence) {
            if (block.length() <= limit) {
                add(block, null); // whole: moves to the next part rather than being cut
                return;
            }
            List<String> lines = List.of(block.split("(?<=\n)"));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                boolean closing = i > 0 && line.strip().startsWith(FENCE);
                add(line, closing ? null : fence);
            }
        }

        /**
         * Appends one unit (a sentence, a line, a whole code block). {@code fenceAfter} says whether the part is
         * inside a code block once the unit is in, which decides whether room must be kept for closing it. White
         * space at the end of a part is dropped, so it takes no room.
         */
        private void add(String unit, String fenceAfter) {
            int closeCost = fenceAfter == null ? 0 : CLOSE_COST;
            if (current.length() + unit.stripTrailing().length() + closeCost > limit && hasContent()) {
                flush(true);
            }
            String rest = current.isEmpty() ? unit.stripLeading() : unit;
            while (current.length() + rest.stripTrailing().length() + closeCost > limit) {
                // A single sentence or line longer than a whole message: cut it at a space, or anywhere if it has
                // none in the second half.
                int room = limit - current.length() - closeCost;
                int cut = rest.lastIndexOf(' ', room);
                if (cut < room / 2) {
                    cut = room;
                }
                if (Character.isHighSurrogate(rest.charAt(cut - 1))) {
                    cut--;
                }
                current.append(rest, 0, cut);
                rest = rest.substring(cut);
                openFence = fenceAfter;
                flush(true);
                if (current.isEmpty()) {
                    rest = rest.stripLeading();
                }
            }
            current.append(rest);
            openFence = fenceAfter;
        }

        private boolean hasContent() {
            return !current.substring(prefixLength).isBlank();
        }

        /** Ends the current part, closing an open code block, and starts the next (reopening it) when more follows. */
        void flush(boolean more) {
            if (hasContent()) {
                String part = current.toString().strip();
                if (openFence != null) {
                    part = part + "\n" + FENCE;
                }
                parts.add(part);
            }
            current = new StringBuilder();
            prefixLength = 0;
            if (more && openFence != null) {
                current.append(openFence).append('\n');
                prefixLength = current.length();
            }
        }
    }
}
