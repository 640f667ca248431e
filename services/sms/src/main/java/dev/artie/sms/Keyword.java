package dev.artie.sms;

import java.util.Locale;
import java.util.Set;

/**
 * The SMS keywords carriers and Twilio give meaning to. The lists are Twilio's default opt-out / opt-in / help
 * keywords, so Artie's idea of who opted out matches the one Twilio enforces.
 */
enum Keyword {
    STOP,
    START,
    HELP,
    NONE;

    private static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT");
    private static final Set<String> START_WORDS = Set.of("START", "UNSTOP");
    private static final Set<String> HELP_WORDS = Set.of("HELP", "INFO");

    /**
     * The keyword a whole message is, if any. "YES" opts back in only someone who opted out: for everyone else it
     * is an answer to Artie and goes to the model.
     */
    static Keyword of(String body, boolean optedOut) {
        String word = body.strip().replaceAll("[.!]+$", "").toUpperCase(Locale.ROOT);
        if (STOP_WORDS.contains(word)) {
            return STOP;
        }
        if (START_WORDS.contains(word) || optedOut && word.equals("YES")) {
            return START;
        }
        if (HELP_WORDS.contains(word)) {
            return HELP;
        }
        return NONE;
    }
}
