package dev.artie.capabilities.capability;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the original's capability tags in a model's text, in both forms:
 * {@code <capability name="calculator" action="calculate" data='{"expression":"2+2"}' />} and
 * {@code <capability name="memory" action="remember">I like ramen</capability>}.
 * A hand-written single-pass scanner rather than a regular expression: models write sloppy markup (either quote,
 * entities, stray attributes, missing closing tags) and a scanner bounds the work by the text's length.
 */
@Singleton
public class CapabilityTagParser {
    private static final String OPEN = "<capability";
    private static final String CLOSE = "</capability";
    private static final Argument<Map<String, Object>> JSON_OBJECT = Argument.mapOf(String.class, Object.class);

    private final ObjectMapper json;

    public CapabilityTagParser(ObjectMapper json) {
        this.json = json;
    }

    /** One tag: the call it asks for and where it sits in the text. */
    private record Tag(CapabilityCall call, int start, int end) {}

    public List<CapabilityCall> parse(String text) {
        return tags(text).stream().map(Tag::call).toList();
    }

    /** The text without its capability tags: what a person should read. */
    public String strip(String text) {
        StringBuilder kept = new StringBuilder();
        int from = 0;
        for (Tag tag : tags(text)) {
            kept.append(text, from, tag.start());
            from = tag.end();
            boolean spaceBefore = !kept.isEmpty() && kept.charAt(kept.length() - 1) == ' ';
            if (spaceBefore && from < text.length() && text.charAt(from) == ' ') {
                from++; // "a <tag/> b" reads "a b"
            }
        }
        kept.append(text.substring(from));
        return collapseBlankLines(kept.toString()).strip();
    }

    private List<Tag> tags(String text) {
        return text == null ? List.of() : new Scan(text).tags();
    }

    /** One pass over one text. */
    private final class Scan {
        private final String text;
        /** Where a search for a closing tag found none: none will be found from any later position either. */
        private int noCloseFrom = Integer.MAX_VALUE;

        Scan(String text) {
            this.text = text;
        }

        List<Tag> tags() {
            List<Tag> tags = new ArrayList<>();
            int searchFrom = 0;
            int start;
            while ((start = indexOfIgnoreCase(text, OPEN, searchFrom)) >= 0) {
                Tag tag = readTag(start);
                if (tag == null) {
                    searchFrom = start + OPEN.length();
                } else {
                    tags.add(tag);
                    searchFrom = tag.end();
                }
            }
            return tags;
        }

        /** Reads the tag starting at {@code start}, or null when it is not a complete tag. */
        private Tag readTag(int start) {
            int p = start + OPEN.length();
            if (p < text.length() && !isSpace(text.charAt(p)) && text.charAt(p) != '/' && text.charAt(p) != '>') {
                return null; // e.g. "<capabilities": not our tag
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            while (true) {
                p = skipSpaces(text, p);
                if (p >= text.length() || text.charAt(p) == '<') {
                    return null; // the tag never ends: it is text, and the next '<' may start a real tag
                }
                if (text.startsWith("/>", p)) {
                    return new Tag(toCall(attributes, null), start, p + 2);
                }
                if (text.charAt(p) == '>') {
                    return readContent(start, p + 1, attributes);
                }
                int nameStart = p;
                while (p < text.length() && !isSpace(text.charAt(p)) && "=>/<".indexOf(text.charAt(p)) < 0) {
                    p++;
                }
                String name = text.substring(nameStart, p).toLowerCase(Locale.ROOT);
                p = skipSpaces(text, p);
                if (p < text.length() && text.charAt(p) == '=') {
                    p = skipSpaces(text, p + 1);
                    int valueEnd = valueEnd(p);
                    if (valueEnd < 0) {
                        return null;
                    }
                    boolean quoted = text.charAt(p) == '"' || text.charAt(p) == '\'';
                    attributes.put(
                            name,
                            decodeEntities(quoted ? text.substring(p + 1, valueEnd) : text.substring(p, valueEnd)));
                    p = quoted ? valueEnd + 1 : valueEnd;
                } else if (name.isEmpty()) {
                    p++; // a stray character such as a lone '/': skip it
                } else {
                    attributes.put(name, "");
                }
            }
        }

        /** Where the attribute value starting at {@code p} ends (its closing quote), or -1 when it never does. */
        private int valueEnd(int p) {
            if (p >= text.length()) {
                return -1;
            }
            char quote = text.charAt(p);
            if (quote == '"' || quote == '\'') {
                return text.indexOf(quote, p + 1);
            }
            int end = p;
            while (end < text.length()
                    && !isSpace(text.charAt(end))
                    && text.charAt(end) != '>'
                    && !text.startsWith("/>", end)) {
                end++;
            }
            return end;
        }

        private Tag readContent(int start, int contentStart, Map<String, String> attributes) {
            int close = contentStart >= noCloseFrom ? -1 : indexOfIgnoreCase(text, CLOSE, contentStart);
            int closeEnd = close < 0 ? -1 : text.indexOf('>', close);
            if (closeEnd < 0) {
                noCloseFrom = Math.min(noCloseFrom, contentStart);
                // No closing tag: read it as a self-closing one rather than swallow the rest of the answer.
                return new Tag(toCall(attributes, null), start, contentStart);
            }
            return new Tag(
                    toCall(attributes, decodeEntities(text.substring(contentStart, close))), start, closeEnd + 1);
        }
    }

    private CapabilityCall toCall(Map<String, String> attributes, String content) {
        String name = attributes.remove("name");
        String action = attributes.remove("action");
        String data = attributes.remove("data");
        Map<String, Object> arguments = new LinkedHashMap<>(attributes);
        String problem = null;
        if (name == null || name.isBlank()) {
            problem = "a capability tag needs a name attribute";
        } else if (data != null && data.strip().startsWith("{")) {
            try {
                Map<String, Object> parsed = json.readValue(data, JSON_OBJECT);
                if (parsed != null) {
                    arguments.putAll(parsed);
                }
            } catch (IOException | RuntimeException e) {
                problem = "the data attribute of " + name + " is not a JSON object";
            }
        } else if (data != null && !data.isBlank() && (content == null || content.isBlank())) {
            content = data; // data="2+2": plain text is read as the tag's content
        }
        return new CapabilityCall(name, action, arguments, content, problem);
    }

    private static String decodeEntities(String value) {
        if (value.indexOf('&') < 0) {
            return value;
        }
        return value.replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static String collapseBlankLines(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int newlines = 0;
        for (char c : text.toCharArray()) {
            newlines = c == '\n' ? newlines + 1 : (c == '\r' || c == ' ' || c == '\t') ? newlines : 0;
            if (c != '\n' || newlines <= 2) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int indexOfIgnoreCase(String text, String needle, int from) {
        for (int i = Math.max(0, from); i <= text.length() - needle.length(); i++) {
            if (text.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpaces(String text, int p) {
        while (p < text.length() && isSpace(text.charAt(p))) {
            p++;
        }
        return p;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c);
    }
}
