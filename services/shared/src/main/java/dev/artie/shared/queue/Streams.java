package dev.artie.shared.queue;

/** Stream and group names of the queue contract (docs/queue.md). */
public final class Streams {
    public static final String INCOMING = "artie:incoming";
    public static final String DEAD_LETTER = "artie:dead-letter";
    public static final String OUTGOING_PREFIX = "artie:outgoing:";
    public static final String CAPABILITIES_GROUP = "capabilities";
    /** Field of a stream entry that holds the message JSON. */
    public static final String MESSAGE_FIELD = "message";

    private Streams() {}

    /** The shared reply stream of a channel that pushes replies (Discord, SMS, email). */
    public static String outgoing(String channel) {
        return OUTGOING_PREFIX + channel;
    }

    /** The reply stream of one instance of a channel that holds requests open (HTTP). */
    public static String outgoing(String channel, String instanceId) {
        return OUTGOING_PREFIX + channel + ":" + instanceId;
    }

    /** Whether {@code stream} belongs to one instance ({@link #outgoing(String, String)}), read by it alone. */
    public static boolean isInstanceStream(String stream) {
        return isOutgoing(stream) && stream.indexOf(':', OUTGOING_PREFIX.length()) > 0;
    }

    /**
     * Where a reply waits when no request waits for it: its request timed out, or the instance it was addressed to
     * is gone (docs/queue.md, "Replies nobody waits for"). The reply JSON, kept {@link StreamPublisher#PARKED_KEPT}.
     */
    public static String parkedReply(String incomingId) {
        return "artie:reply:" + incomingId;
    }

    /** The short-lived stream of a message's partial replies (docs/queue.md, "Partial replies"). */
    public static String deltas(String incomingId) {
        return "artie:deltas:" + incomingId;
    }

    /** The metadata key by which a channel asks for partial replies (value {@code "true"}). */
    public static final String DELTAS_METADATA = "deltas";

    public static boolean isOutgoing(String stream) {
        return stream != null && stream.startsWith(OUTGOING_PREFIX) && stream.length() > OUTGOING_PREFIX.length();
    }
}
