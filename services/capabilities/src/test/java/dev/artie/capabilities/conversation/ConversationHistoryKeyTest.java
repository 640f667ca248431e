package dev.artie.capabilities.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.capabilities.capability.CapabilityContext;
import org.junit.jupiter.api.Test;

class ConversationHistoryKeyTest {

    @Test
    void idsContainingTheSeparatorNeverShareAKey() {
        String one = ConversationHistory.key(new CapabilityContext("http", "a:b", "c"));
        String other = ConversationHistory.key(new CapabilityContext("http", "a", "b:c"));
        String escaped = ConversationHistory.key(new CapabilityContext("http", "a%3Ab", "c"));

        assertThat(one).isNotEqualTo(other).isNotEqualTo(escaped);
        assertThat(other).isNotEqualTo(escaped);
    }

    @Test
    void idsWithoutTheSeparatorKeepTheKeysTheyHadBefore() {
        assertThat(ConversationHistory.key(new CapabilityContext("sms", "+15551234567", "c-1")))
                .isEqualTo("artie:history:sms:+15551234567:c-1");
    }
}
