package dev.artie.discord;

import dev.artie.shared.channel.LimitedSender;
import dev.artie.shared.queue.IncomingMessage;
import jakarta.inject.Singleton;
import java.util.Optional;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What people write to Artie on Discord: mapped by {@link InboundMapping}, queued, and answered with typing. */
@Singleton
class DiscordInbound extends ListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordInbound.class);
    static final String UNAVAILABLE = "Sorry, I can't take messages right now. Please try again in a minute.";

    private final LimitedSender sender;
    private final TypingIndicator typing;
    private final SeenMessages seen;
    private final ReplyPreviews previews;
    private final boolean streamReplies;
    private volatile InboundMapping mapping;

    DiscordInbound(
            LimitedSender sender,
            TypingIndicator typing,
            SeenMessages seen,
            ReplyPreviews previews,
            DiscordSettings settings) {
        this.sender = sender;
        this.typing = typing;
        this.seen = seen;
        this.previews = previews;
        this.streamReplies = settings.streamReplies();
    }

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        Optional<IncomingMessage> incoming = mapping(event).map(facts(event));
        if (incoming.isEmpty()) {
            return;
        }
        IncomingMessage message = incoming.get();
        MessageChannel channel = event.getChannel();
        try {
            if (!seen.firstTime(event.getMessageId())) {
                LOG.info(
                        "Discord message {} was already queued (by another instance); not queued again",
                        event.getMessageId());
                return;
            }
            // Typing first: the person sees at once that Artie heard them, even while the model thinks for a while.
            typing.start(message.id(), () -> channel.sendTyping().queue(null, e -> {}));
            // Beyond the rate limits the person gets a short polite reply instead, delivered like any reply.
            if (streamReplies) {
                // Before queueing: a reply that comes at once (a rate-limit answer) must find it to end it.
                previews.follow(message.id(), channel, event.getMessageId());
            }
            sender.send(message);
        } catch (RuntimeException e) {
            typing.stop(message.id());
            previews.cancel(message.id());
            LOG.error("could not queue a Discord message: {}", e.toString());
            event.getMessage().reply(UNAVAILABLE).mentionRepliedUser(false).queue(null, ignored -> {});
        }
    }

    private InboundMapping mapping(MessageReceivedEvent event) {
        InboundMapping current = mapping;
        if (current == null) {
            current = new InboundMapping(event.getJDA().getSelfUser().getId(), streamReplies);
            mapping = current;
        }
        return current;
    }

    /** Copies what {@link InboundMapping} needs out of JDA's entities. */
    static DiscordMessage facts(MessageReceivedEvent event) {
        Message message = event.getMessage();
        return new DiscordMessage(
                message.getAuthor().getId(),
                message.getAuthor().isBot() || message.isWebhookMessage(),
                message.getType().isSystem(),
                message.getChannelId(),
                message.getId(),
                event.isFromGuild() ? event.getGuild().getId() : null,
                message.getContentRaw(),
                message.getMentions().isMentioned(event.getJDA().getSelfUser(), Message.MentionType.USER));
    }
}
