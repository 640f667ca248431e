package dev.artie.shared.queue;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a person said on a channel, on its way to the capabilities service (docs/queue.md). */
@Serdeable
public record IncomingMessage(
        int v,
        String type,
        String id,
        String correlationId,
        String channel,
        String personId,
        String conversationId,
        String text,
        Instant createdAt,
        int attempt,
        String replyTo,
        @Nullable Map<String, String> metadata,
        @Nullable Instant expiresAt) {

    public static final int VERSION = 1;
    public static final String TYPE = "incoming";
    /** The fields of its JSON that name the person it is from (the order key of capabilities, docs/queue.md). */
    public static final List<String> PERSON_FIELDS = List.of("channel", "personId");

    public IncomingMessage {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A new message with fresh ids; the correlation id is the message id. */
    public static IncomingMessage create(
            String channel,
            String personId,
            String conversationId,
            String text,
            String replyTo,
            Map<String, String> metadata) {
        return create(UUID.randomUUID().toString(), channel, personId, conversationId, text, replyTo, metadata);
    }

    /**
     * A new message with the given id (and correlation id): for a channel whose input carries an id of its own, so
     * the same input read twice is the same message (email derives it from the Message-ID).
     */
    public static IncomingMessage create(
            String id,
            String channel,
            String personId,
            String conversationId,
            String text,
            String replyTo,
            Map<String, String> metadata) {
        return new IncomingMessage(
                VERSION,
                TYPE,
                id,
                id,
                channel,
                personId,
                conversationId,
                text,
                Instant.now(),
                1,
                replyTo,
                metadata,
                null);
    }

    /**
     * This message, to be dropped unanswered by the capabilities service if it is still unanswered at {@code at}:
     * for a channel whose person stops waiting (docs/queue.md, {@code expiresAt}).
     */
    public IncomingMessage expiringAt(Instant at) {
        return new IncomingMessage(
                v,
                type,
                id,
                correlationId,
                channel,
                personId,
                conversationId,
                text,
                createdAt,
                attempt,
                replyTo,
                metadata,
                at);
    }

    /** Whether nobody waits for the answer any more. */
    public boolean expired(Instant now) {
        return expiresAt != null && now.isAfter(expiresAt);
    }

    /** The reply to this message, addressed like it. */
    public ReplyMessage reply(String replyText, boolean offline) {
        return new ReplyMessage(
                ReplyMessage.VERSION,
                ReplyMessage.TYPE,
                UUID.randomUUID().toString(),
                id,
                correlationId,
                channel,
                personId,
                conversationId,
                replyText,
                Instant.now(),
                offline,
                metadata,
                createdAt);
    }
}
