package dev.artie.email;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps only what the person wrote this time: mail clients append the whole thread under the new text, and the
 * model would otherwise answer the history (and the signature) again.
 */
final class QuotedText {
    /**
     * "On Tue, 3 Mar 2026 at 10:00, Bob <bob@example.com> wrote:" (or "Am ... schrieb Bob <bob@example.com>:") and
     * the wrapped two-line English form.
     */
    private static final Pattern ATTRIBUTION = Pattern.compile(
            "(?i)^\\s*(on|am|le|el|il|op)\\s.+(wrote|schrieb|a écrit|escribió|ha scritto|schreef)\\b.*:\\s*$");

    private static final Pattern ATTRIBUTION_START = Pattern.compile("(?i)^\\s*on\\s.+");
    private static final Pattern ATTRIBUTION_END = Pattern.compile("(?i)^.*wrote\\s*:\\s*$");
    /** Outlook's separators above the quoted original. */
    private static final Pattern OUTLOOK =
            Pattern.compile("^\\s*(-{2,}\\s*Original Message\\s*-{2,}|_{20,})\\s*$", Pattern.CASE_INSENSITIVE);

    private QuotedText() {}

    static String strip(String text) {
        List<String> kept = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            // Everything below the signature separator or the quoted original's header is history.
            if (line.equals("-- ")
                    || line.equals("--")
                    || OUTLOOK.matcher(line).matches()
                    || ATTRIBUTION.matcher(line).matches()
                    || i + 1 < lines.length
                            && ATTRIBUTION_START.matcher(line).matches()
                            && ATTRIBUTION_END.matcher(lines[i + 1]).matches()) {
                break;
            }
            if (!line.stripLeading().startsWith(">")) {
                kept.add(line);
            }
        }
        return String.join("\n", kept).strip();
    }
}
