package dev.artie.shared.queue;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A preview of a reply while the model streams it (docs/queue.md, "Partial replies"): the whole text so far, or a
 * reset. Never the answer itself: that is the {@link ReplyMessage} on the outgoing stream.
 */
@Serdeable
public record DeltaMessage(int v, String type, String inReplyTo, long seq, String text, boolean reset) {
    public static final int VERSION = 1;
    public static final String TYPE = "delta";

    public static DeltaMessage text(String inReplyTo, long seq, String soFar) {
        return new DeltaMessage(VERSION, TYPE, inReplyTo, seq, soFar, false);
    }

    public static DeltaMessage reset(String inReplyTo, long seq) {
        return new DeltaMessage(VERSION, TYPE, inReplyTo, seq, "", true);
    }
}
