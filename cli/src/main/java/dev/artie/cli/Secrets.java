package dev.artie.cli;

import java.util.regex.Pattern;

/** Keeps secrets out of what the command line prints: a URL's user and password become {@code ***}. */
public final class Secrets {
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

    private Secrets() {}

    /** {@code redis://:s3cret@host:6379} becomes {@code redis://***@host:6379}, in a URL or in any text. */
    public static String mask(String text) {
        return text == null ? null : URL_USER_INFO.matcher(text).replaceAll("$1***@");
    }
}
