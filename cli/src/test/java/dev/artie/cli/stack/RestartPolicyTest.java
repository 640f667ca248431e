package dev.artie.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    @Test
    void delayDoublesWithEachCrashInARowUpToTheCeiling() {
        RestartPolicy policy = RestartPolicy.localStack();
        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.delayAfter(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delayAfter(500)).isEqualTo(Duration.ofSeconds(30));
    }
}
