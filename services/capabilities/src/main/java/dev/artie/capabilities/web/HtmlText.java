package dev.artie.capabilities.web;

import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Readable text from HTML, parsed by jsoup: scripts, styles and comments left out, a line break after each
 * paragraph, heading, list item, table row and {@code <br>}, entities decoded, whitespace collapsed. Enough for a
 * model to read a page; not a renderer.
 */
final class HtmlText {
    private static final String INVISIBLE = "script, style, noscript, template, svg";
    private static final Set<String> LINE_ENDS = Set.of("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr");
    /** Spaces left where elements meet, and the no-break spaces of {@code &nbsp;}. */
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r\\u00A0]+");

    private static final Pattern BLANK_LINES = Pattern.compile("\\s*\\n\\s*(\\n\\s*)*");

    private HtmlText() {}

    static String extract(String html) {
        Document page = Jsoup.parse(html);
        page.select(INVISIBLE).remove();
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new Lines(text), page.body());
        String body = BLANK_LINES
                .matcher(SPACES.matcher(text).replaceAll(" "))
                .replaceAll("\n")
                .strip();
        String title = page.title();
        return title.isEmpty() ? body : "Title: " + title + "\n" + body;
    }

    /** jsoup's own text() joins everything into one line; the model reads a page better with its lines. */
    private record Lines(StringBuilder text) implements NodeVisitor {
        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode words) {
                text.append(words.text());
            } else if (node instanceof Element element && element.nameIs("br")) {
                text.append('\n');
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element) {
                if (LINE_ENDS.contains(element.normalName())) {
                    text.append('\n');
                } else if (element.isBlock()) {
                    text.append(' '); // table cells and the like: their words must not run together
                }
            }
        }
    }
}
