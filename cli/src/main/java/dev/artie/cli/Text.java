package dev.artie.cli;

/** Small text helpers for what the commands print. */
public final class Text {
    private Text() {}

    public static String abbreviate(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
