package dev.artie.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        Latencies latencies = new Latencies(1);
        for (int i = 100; i >= 1; i--) { // out of order, and more than the initial capacity
            latencies.add(i * 1_000_000L);
        }
        assertThat(latencies.count()).isEqualTo(100);
        assertThat(latencies.millis(50)).isEqualTo(50.0);
        assertThat(latencies.millis(99)).isEqualTo(99.0);
        assertThat(latencies.millis(100)).isEqualTo(100.0);
        assertThat(new Latencies(1).millis(50)).isNaN();
    }
}
