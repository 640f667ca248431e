package dev.artie.cli.bench;

import java.util.Arrays;

/** Collected durations, in nanoseconds, and their percentiles. */
final class Latencies {
    private long[] values;
    private int size;

    Latencies(int expected) {
        values = new long[Math.max(16, expected)];
    }

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** @param percentile 0-100, nearest-rank */
    synchronized double millis(double percentile) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * size);
        return sorted[Math.min(size, Math.max(1, rank)) - 1] / 1e6;
    }
}
