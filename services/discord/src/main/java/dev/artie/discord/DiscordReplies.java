package dev.artie.discord;

import static dev.artie.discord.InboundMapping.CHANNEL;

import dev.artie.shared.channel.ChannelQueue;
import dev.artie.shared.channel.DeliveryProgress;
import dev.artie.shared.channel.ReplyParts;
import dev.artie.shared.queue.PermanentFailureException;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.Streams;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import java.util.EnumSet;
import java.util.Optional;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import net.dv8tion.jda.api.requests.restaction.MessageEditAction;

/** Takes Artie's replies off {@code artie:outgoing:discord} and posts them where the person wrote, in parts. */
@Context
class DiscordReplies {
    /** What one Discord message holds. */
    static final int DISCORD_LIMIT = 2000;
    /** A longer reply would flood the chat: its fifth message ends with "(reply shortened)". */
    static final int MAX_PARTS = 5;
    /** Discord renders Markdown, so code blocks are kept whole or closed and reopened. */
    static final ReplyParts PARTS = new ReplyParts(DISCORD_LIMIT, MAX_PARTS, true);

    private final ChannelQueue queue;
    private final ReplyChannels channels;
    private final TypingIndicator typing;
    private final DeliveryProgress progress;
    private final ReplyPreviews previews;

    DiscordReplies(
            ChannelQueue queue,
            ReplyChannels channels,
            TypingIndicator typing,
            DeliveryProgress progress,
            ReplyPreviews previews) {
        this.queue = queue;
        this.channels = channels;
        this.typing = typing;
        this.progress = progress;
        this.previews = previews;
    }

    @PostConstruct
    void start() {
        queue.onReplies(Streams.outgoing(CHANNEL), CHANNEL, this::deliver);
    }

    /**
     * Posts every part in order, each only after Discord accepted the one before. Throws when Discord fails, so the
     * queue retries; parts already posted are not posted again, and no part is posted by two consumers. A refusal
     * (an unknown channel, no access, a person who takes no messages: any 4xx, as JDA waits out 429s itself) is
     * permanent and dead-letters the reply with Discord's reason. Where the reply was previewed as it grew
     * ({@link ReplyPreviews}), the first part replaces the preview's text, so the person sees one answer.
     */
    void deliver(ReplyMessage reply) throws Exception {
        typing.stop(reply.inReplyTo());
        Optional<String> preview = previews.finish(reply.inReplyTo());
        try {
            MessageChannel channel = channels.find(reply);
            progress.deliver(
                    CHANNEL,
                    reply,
                    PARTS,
                    (i, part) -> Optional.of(
                            i == 0 && preview.isPresent()
                                    ? replacePreview(channel, preview.get(), part, reply)
                                    : message(
                                                    channel,
                                                    part,
                                                    i == 0 ? reply.metadata().get(InboundMapping.MESSAGE_ID) : null)
                                            .complete()
                                            .getId()));
        } catch (ErrorResponseException e) {
            if (e.isServerError()) {
                throw e;
            }
            throw new PermanentFailureException(
                    "Discord refused the reply: " + e.getMeaning() + " (error " + e.getErrorCode() + ")", e);
        }
    }

    /** Edits the preview into the reply's first part; a preview someone deleted meanwhile gives way to a new post. */
    private static String replacePreview(
            MessageChannel channel, String previewId, String firstPart, ReplyMessage reply) {
        try {
            return edit(channel, previewId, firstPart).complete().getId();
        } catch (ErrorResponseException e) {
            if (e.getErrorResponse() != ErrorResponse.UNKNOWN_MESSAGE) {
                throw e;
            }
            return message(channel, firstPart, reply.metadata().get(InboundMapping.MESSAGE_ID))
                    .complete()
                    .getId();
        }
    }

    /** Discord refuses a reply (not just the reference) where the bot may not read the channel's history. */
    private static boolean mayReplyIn(MessageChannel channel) {
        return !(channel instanceof GuildChannel guildChannel)
                || guildChannel.getGuild().getSelfMember().hasPermission(guildChannel, Permission.MESSAGE_HISTORY);
    }

    /** A new text for a message Artie posted; as in {@link #message}, it pings nobody. */
    static MessageEditAction edit(MessageChannel channel, String messageId, String text) {
        return channel.editMessageById(messageId, text).setAllowedMentions(EnumSet.noneOf(Message.MentionType.class));
    }

    static MessageCreateAction message(MessageChannel channel, String text, String replyToMessageId) {
        // What the model wrote must never ping @everyone, roles or people: only the person being answered.
        MessageCreateAction action =
                channel.sendMessage(text).setAllowedMentions(EnumSet.noneOf(Message.MentionType.class));
        if (replyToMessageId != null && mayReplyIn(channel)) {
            // The first part answers the person's message; a deleted original must not stop the answer.
            action = action.setMessageReference(replyToMessageId)
                    .failOnInvalidReply(false)
                    .mentionRepliedUser(true);
        }
        return action;
    }
}
