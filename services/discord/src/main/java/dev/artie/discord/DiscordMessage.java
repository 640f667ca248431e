package dev.artie.discord;

import io.micronaut.core.annotation.Nullable;

/**
 * The few facts about a Discord message that decide whether and what Artie answers, copied out of JDA's entities
 * so that {@link InboundMapping} can be tested without a gateway.
 *
 * @param fromBot     written by a bot or a webhook (Artie never answers robots: two bots would loop)
 * @param system      a system message (pins, joins, thread starts), not something a person said
 * @param guildId     null for a direct message
 * @param content     the raw content, mentions as {@code <@id>}
 * @param mentionsBot the message mentions Artie's user, or replies to Artie with a ping
 */
record DiscordMessage(
        String authorId,
        boolean fromBot,
        boolean system,
        String channelId,
        String messageId,
        @Nullable String guildId,
        String content,
        boolean mentionsBot) {

    boolean isDirect() {
        return guildId == null;
    }
}
