package dev.artie.capabilities.web;

import java.util.regex.Pattern;

/**
 * Readable text from HTML, crudely: scripts, styles and comments removed, tags turned into spaces, a few entities
 * decoded, whitespace collapsed. Enough for a model to read a page; not a renderer.
 */
final class HtmlText {
    private static final Pattern INVISIBLE =
            Pattern.compile("(?is)<!--.*?-->|<(script|style|noscript|template|svg|head)\\b[^>]*>.*?</\\1\\s*>");
    private static final Pattern BLOCK_END = Pattern.compile("(?i)<(br|/p|/div|/li|/h[1-6]|/tr|/title)\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r]+");
    private static final Pattern BLANK_LINES = Pattern.compile("\\s*\\n\\s*(\\n\\s*)*");

    private HtmlText() {}

    static String extract(String html) {
        String title = title(html);
        String text = INVISIBLE.matcher(html).replaceAll(" ");
        text = BLOCK_END.matcher(text).replaceAll("\n");
        text = TAG.matcher(text).replaceAll(" ");
        text = decode(text);
        text = SPACES.matcher(text).replaceAll(" ");
        text = BLANK_LINES.matcher(text).replaceAll("\n").strip();
        return title.isEmpty() ? text : "Title: " + title + "\n" + text;
    }

    private static String title(String html) {
        var matcher = Pattern.compile("(?is)<title\\b[^>]*>(.*?)</title").matcher(html);
        return matcher.find()
                ? decode(TAG.matcher(matcher.group(1)).replaceAll(" ")).strip()
                : "";
    }

    private static String decode(String text) {
        return text.replace("&nbsp;", " ")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
