package dev.artie.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeywordTest {
    @Test
    void recognisesTwiliosKeywordsAsWholeMessagesOnly() {
        assertThat(Keyword.of(" stop ", false)).isEqualTo(Keyword.STOP);
        assertThat(Keyword.of("Unsubscribe.", false)).isEqualTo(Keyword.STOP);
        assertThat(Keyword.of("HELP!", false)).isEqualTo(Keyword.HELP);
        assertThat(Keyword.of("info", false)).isEqualTo(Keyword.HELP);
        assertThat(Keyword.of("Start", false)).isEqualTo(Keyword.START);
        assertThat(Keyword.of("please stop talking about cats", false)).isEqualTo(Keyword.NONE);
        assertThat(Keyword.of("help me with my homework", false)).isEqualTo(Keyword.NONE);
    }

    @Test
    void yesOptsBackInOnlyThoseWhoOptedOut() {
        assertThat(Keyword.of("yes", true)).isEqualTo(Keyword.START);
        assertThat(Keyword.of("yes", false)).isEqualTo(Keyword.NONE);
    }
}
