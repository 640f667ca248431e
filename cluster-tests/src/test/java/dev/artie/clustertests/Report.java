package dev.artie.clustertests;

import java.time.Duration;

/** Figures for the lead's report, printed to the test output (never asserted: speed belongs in ./artie bench). */
final class Report {
    private Report() {}

    static void figure(String what, Duration took) {
        line("%s: %.1f s", what, took.toMillis() / 1000.0);
    }

    static void line(String format, Object... args) {
        System.out.println("[cluster-tests figure] " + String.format(format, args));
    }
}
