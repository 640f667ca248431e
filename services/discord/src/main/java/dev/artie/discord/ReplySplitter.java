package dev.artie.discord;

import dev.artie.shared.channel.ReplyShortening;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a reply into Discord messages of at most {@link #DISCORD_LIMIT} characters, in order. Cuts fall between
 * sentences or lines; a fenced code block that fits in one message is never cut, and one that does not is closed
 * at the end of a message and reopened (with its language) at the start of the next, so every message renders.
 * Hand-written because no library knows Discord's Markdown fences.
 */
final class ReplySplitter {
    static final int DISCORD_LIMIT = 2000;
    /** A longer reply would flood the chat: its fifth message ends with "(reply shortened)". */
    static final int MAX_PARTS = 5;

    private static final String FENCE = "```";
    /** What closing a code block at a cut costs at most: a line break and the fence. */
    private static final int CLOSE_COST = 1 + FENCE.length();
    /** A fence line longer than this is not worth repeating on every part: reopen with a bare fence. */
    private static final int MAX_REOPEN = 40;

    private final int limit;
    private final List<String> parts = new ArrayList<>();
    private StringBuilder current = new StringBuilder();
    private int prefixLength;
    /** The fence line of the code block the current part is inside, or null outside code. */
    private String openFence;

    private ReplySplitter(int limit) {
        this.limit = limit;
    }

    static List<String> split(String text) {
        return ReplyShortening.firstParts(split(text, DISCORD_LIMIT), MAX_PARTS, DISCORD_LIMIT);
    }

    static List<String> split(String text, int limit) {
        if (limit < 2 * MAX_REOPEN) {
            throw new IllegalArgumentException("limit too small: " + limit);
        }
        ReplySplitter splitter = new ReplySplitter(limit);
        splitter.addAll(text);
        splitter.flush(false);
        return List.copyOf(splitter.parts);
    }

    private void addAll(String text) {
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

    private void addProse(String prose) {
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
     * Appends one unit (a sentence, a line, a whole code block). {@code fenceAfter} says whether the part is inside a
     * code block once the unit is in, which decides whether room must be kept for closing it.
     */
    private void add(String unit, String fenceAfter) {
        int closeCost = fenceAfter == null ? 0 : CLOSE_COST;
        if (current.length() + unit.length() + closeCost > limit && hasContent()) {
            flush(true);
        }
        String rest = unit;
        while (current.length() + rest.length() + closeCost > limit) {
            // A single sentence or line longer than a whole message: cut it at a space, or anywhere if it has none.
            int room = limit - current.length() - CLOSE_COST;
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
        }
        current.append(rest);
        openFence = fenceAfter;
    }

    private boolean hasContent() {
        return !current.substring(prefixLength).isBlank();
    }

    /** Ends the current part, closing an open code block, and starts the next (reopening it) when more follows. */
    private void flush(boolean more) {
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

    /** Sentences and lines, each keeping the spaces or line break that follow it, so that joined they are the text. */
    static List<String> sentences(String prose) {
        List<String> units = new ArrayList<>();
        int start = 0;
        int n = prose.length();
        for (int i = 0; i < n; i++) {
            char c = prose.charAt(i);
            boolean end = c == '\n'
                    || (c == '.' || c == '!' || c == '?')
                            && (i + 1 == n || Character.isWhitespace(prose.charAt(i + 1)));
            if (end) {
                int j = i + 1;
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
}
