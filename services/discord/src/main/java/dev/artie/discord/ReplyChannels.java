package dev.artie.discord;

import dev.artie.shared.queue.ReplyMessage;
import jakarta.inject.Singleton;
import java.time.Duration;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;

/** Finds the Discord channel a reply goes to, from the metadata the inbound message carried. */
@Singleton
class ReplyChannels {
    /** A reply that arrives while the gateway reconnects waits this long for the channel cache to be filled again. */
    static final Duration GATEWAY_WAIT = Duration.ofSeconds(30);

    private final JDA jda;

    ReplyChannels(JDA jda) {
        this.jda = jda;
    }

    MessageChannel find(ReplyMessage reply) throws InterruptedException {
        String channelId = reply.metadata().getOrDefault(InboundMapping.CHANNEL_ID, reply.conversationId());
        MessageChannel cached = jda.getChannelById(MessageChannel.class, channelId);
        if (cached != null) {
            return cached;
        }
        if (!reply.metadata().containsKey(InboundMapping.GUILD_ID)) {
            // Direct-message channels are cached only once used since start; opening one is a REST call that
            // needs no gateway, and returns the same channel.
            return jda.openPrivateChannelById(reply.personId()).complete();
        }
        // Guild channels come with the gateway's guild data; after a restart or reconnect they may not be there yet.
        long deadline = System.nanoTime() + GATEWAY_WAIT.toNanos();
        while (jda.getStatus() != JDA.Status.CONNECTED && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        cached = jda.getChannelById(MessageChannel.class, channelId);
        if (cached == null) {
            throw new IllegalStateException(
                    "Discord channel " + channelId + " is not visible to the bot (gateway " + jda.getStatus() + ")");
        }
        return cached;
    }
}
