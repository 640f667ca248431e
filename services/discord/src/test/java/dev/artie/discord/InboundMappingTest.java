package dev.artie.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.queue.IncomingMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundMappingTest {
    private static final String SELF = "1000";
    private final InboundMapping mapping = new InboundMapping(SELF, false);

    private static DiscordMessage guild(String content, boolean mentionsBot) {
        return new DiscordMessage("42", false, false, "700", "9001", "500", content, mentionsBot);
    }

    private static DiscordMessage direct(String content) {
        return new DiscordMessage("42", false, false, "800", "9002", null, content, false);
    }

    @Test
    void aGuildMentionIsQueuedWithoutTheMentionAndWithWhereToReply() {
        IncomingMessage message =
                mapping.map(guild("<@1000> what is 17% of 240?", true)).orElseThrow();

        assertThat(message.text()).isEqualTo("what is 17% of 240?");
        assertThat(message.channel()).isEqualTo("discord");
        assertThat(message.personId()).isEqualTo("42");
        assertThat(message.conversationId()).isEqualTo("700");
        assertThat(message.replyTo()).isEqualTo("artie:outgoing:discord");
        assertThat(message.metadata()).isEqualTo(Map.of("channelId", "700", "messageId", "9001", "guildId", "500"));
    }

    @Test
    void theNicknameFormAndMentionsInTheMiddleAreStrippedToo() {
        assertThat(mapping.map(guild("hey <@!1000>, remember  I like tea", true))
                        .orElseThrow()
                        .text())
                .isEqualTo("hey remember I like tea");
        assertThat(mapping.map(guild("<@1000>: what is 2+2?", true))
                        .orElseThrow()
                        .text())
                .isEqualTo("what is 2+2?");
        assertThat(mapping.map(guild("ask <@1000> and <@2000>", true))
                        .orElseThrow()
                        .text())
                .as("other people's mentions stay")
                .isEqualTo("ask and <@2000>");
    }

    @Test
    void aDirectMessageIsAnsweredWithoutAMentionAndHasNoGuild() {
        IncomingMessage message = mapping.map(direct("hello there")).orElseThrow();

        assertThat(message.text()).isEqualTo("hello there");
        assertThat(message.conversationId()).isEqualTo("800");
        assertThat(message.metadata()).isEqualTo(Map.of("channelId", "800", "messageId", "9002"));
    }

    @Test
    void guildMessagesThatDoNotMentionArtieAreIgnored() {
        assertThat(mapping.map(guild("just people talking", false))).isEmpty();
        assertThat(mapping.map(guild("talking about <@2000>", false))).isEmpty();
    }

    @Test
    void botsWebhooksSystemMessagesAndArtieItselfAreIgnored() {
        assertThat(mapping.map(new DiscordMessage("77", true, false, "700", "1", "500", "<@1000> hi", true)))
                .as("another bot")
                .isEmpty();
        assertThat(mapping.map(new DiscordMessage("77", true, false, "800", "1", null, "hi", false)))
                .as("another bot in a DM")
                .isEmpty();
        assertThat(mapping.map(new DiscordMessage(SELF, false, false, "800", "1", null, "my own reply", false)))
                .as("itself")
                .isEmpty();
        assertThat(mapping.map(new DiscordMessage("42", false, true, "700", "1", "500", "<@1000>", true)))
                .as("system message")
                .isEmpty();
    }

    @Test
    void aMentionWithNothingElseIsIgnored() {
        assertThat(mapping.map(guild("<@1000>", true))).isEmpty();
        assertThat(mapping.map(direct("   "))).isEmpty();
    }

    @Test
    void withPreviewsOnCapabilitiesIsAskedForThePartialReplies() {
        IncomingMessage message =
                new InboundMapping(SELF, true).map(direct("tell me a story")).orElseThrow();

        assertThat(message.metadata()).containsEntry("deltas", "true");
        assertThat(mapping.map(direct("tell me a story")).orElseThrow().metadata())
                .doesNotContainKey("deltas");
    }
}
