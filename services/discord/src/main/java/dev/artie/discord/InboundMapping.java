package dev.artie.discord;

import dev.artie.catalogue.ArtieService;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.Streams;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Decides which Discord messages Artie answers and turns them into queue messages (docs/queue.md). */
final class InboundMapping {
    static final String CHANNEL = ArtieService.DISCORD.channel();
    static final String CHANNEL_ID = "channelId";
    static final String MESSAGE_ID = "messageId";
    static final String GUILD_ID = "guildId";

    private final String selfId;
    private final boolean previewsReplies;
    private final Pattern selfMention;

    /**
     * @param selfId          Artie's own Discord user id
     * @param previewsReplies whether replies are shown as they grow ({@link ReplyPreviews}): capabilities then writes
     *                        the partial replies of these messages
     */
    InboundMapping(String selfId, boolean previewsReplies) {
        this.selfId = selfId;
        this.previewsReplies = previewsReplies;
        // <@id> is a mention, <@!id> the older nickname form Discord still sends from some clients; a comma or colon
        // right after it ("@Artie, what is ...") addresses Artie and goes with it.
        this.selfMention = Pattern.compile("<@!?" + Pattern.quote(selfId) + ">[,:]?");
    }

    /**
     * The message to queue, or empty when Artie should stay quiet: its own messages, other bots, system messages,
     * guild messages that do not mention it, and messages with nothing left to say once the mention is gone.
     */
    Optional<IncomingMessage> map(DiscordMessage message) {
        if (message.authorId().equals(selfId) || message.fromBot() || message.system()) {
            return Optional.empty();
        }
        if (!message.isDirect() && !message.mentionsBot()) {
            return Optional.empty();
        }
        String text = withoutSelfMention(message.content());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(CHANNEL_ID, message.channelId());
        metadata.put(MESSAGE_ID, message.messageId());
        if (!message.isDirect()) {
            metadata.put(GUILD_ID, message.guildId());
        }
        if (previewsReplies) {
            metadata.put(Streams.DELTAS_METADATA, "true");
        }
        return Optional.of(IncomingMessage.create(
                CHANNEL, message.authorId(), message.channelId(), text, Streams.outgoing(CHANNEL), metadata));
    }

    String withoutSelfMention(String content) {
        return selfMention
                .matcher(content)
                .replaceAll(" ")
                .replaceAll("[ \\t]{2,}", " ")
                .strip();
    }
}
