package dev.artie.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void passwordsInRedisUrlsAreMasked() {
        assertThat(Secrets.mask("redis://:s3cret@cache.internal:6379/0"))
                .isEqualTo("redis://***@cache.internal:6379/0");
        assertThat(Secrets.mask("rediss://default:s3cret@10.0.0.3:6378")).isEqualTo("rediss://***@10.0.0.3:6378");
    }

    @Test
    void urlsInsideTextAreMaskedToo() {
        assertThat(Secrets.mask("cannot reach redis://:pw@host:6379 (refused)"))
                .isEqualTo("cannot reach redis://***@host:6379 (refused)")
                .doesNotContain("pw@");
    }

    @Test
    void urlsWithoutCredentialsStayAsTheyAre() {
        assertThat(Secrets.mask("redis://localhost:6379")).isEqualTo("redis://localhost:6379");
        assertThat(Secrets.mask("mail me at person@example.com")).isEqualTo("mail me at person@example.com");
    }
}
