package dev.artie.shared.queue;

import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Turns messages into the JSON of a stream entry and back, refusing anything the contract does not allow. */
@Singleton
public class MessageCodec {
    private final ObjectMapper json;

    public MessageCodec(ObjectMapper json) {
        this.json = json;
    }

    /** For code that runs without an application context (the command line). */
    public static MessageCodec standalone() {
        return new MessageCodec(ObjectMapper.getDefault());
    }

    public String encode(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    // By hand, not jakarta.validation: Streams.isOutgoing needs a constraint bean, and standalone() has no context.
    public IncomingMessage decodeIncoming(String payload) {
        IncomingMessage message = read(payload, IncomingMessage.class);
        check(message.v() == IncomingMessage.VERSION, "unsupported version " + message.v());
        check(IncomingMessage.TYPE.equals(message.type()), "type is not incoming");
        require(message.id(), "id");
        require(message.channel(), "channel");
        require(message.personId(), "personId");
        require(message.text(), "text");
        check(Streams.isOutgoing(message.replyTo()), "replyTo is not an outgoing stream");
        return message;
    }

    public ReplyMessage decodeReply(String payload) {
        ReplyMessage message = read(payload, ReplyMessage.class);
        check(message.v() == ReplyMessage.VERSION, "unsupported version " + message.v());
        check(ReplyMessage.TYPE.equals(message.type()), "type is not reply");
        require(message.id(), "id");
        require(message.inReplyTo(), "inReplyTo");
        require(message.text(), "text");
        return message;
    }

    public DeltaMessage decodeDelta(String payload) {
        DeltaMessage message = read(payload, DeltaMessage.class);
        check(message.v() == DeltaMessage.VERSION, "unsupported version " + message.v());
        check(DeltaMessage.TYPE.equals(message.type()), "type is not delta");
        require(message.inReplyTo(), "inReplyTo");
        return message;
    }

    private <T> T read(String payload, Class<T> type) {
        if (payload == null || payload.isBlank()) {
            throw new MalformedMessageException("entry has no '" + Streams.MESSAGE_FIELD + "' field");
        }
        try {
            T value = json.readValue(payload, type);
            if (value == null) {
                throw new MalformedMessageException("payload is JSON null");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof MalformedMessageException m) {
                throw m;
            }
            throw new MalformedMessageException(
                    "payload is not a valid " + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static void require(String value, String field) {
        check(value != null && !value.isBlank(), "missing field " + field);
    }

    private static void check(boolean condition, String reason) {
        if (!condition) {
            throw new MalformedMessageException(reason);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
