package dev.artie.cli.bench;

import java.io.PrintStream;

/** One measured figure printed beside its target. */
record Figure(String label, String value, String target, boolean met) {

    static Figure unavailable(String label, String why) {
        return new Figure(label, "unavailable: " + why, "", false);
    }

    void print(PrintStream out) {
        if (target.isEmpty()) {
            out.printf("    %-34s %s%n", label, value);
        } else {
            out.printf("    %-34s %-24s target %-12s %s%n", label, value, target, met ? "met" : "MISSED");
        }
    }
}
