package dev.artie.shared.queue;

/**
 * The {@code stream} tag of the queue's metrics: one instance's reply stream ({@code artie:outgoing:http:<id>}) is
 * named with the placeholder {@code <instance>}, so that restarts add no series; the channel's own stream
 * ({@code artie:outgoing:http}, where reminders come) keeps its name, and the two never share a series.
 */
final class StreamLabel {
    private StreamLabel() {}

    static String of(String stream) {
        int instanceSeparator = stream.indexOf(':', Streams.OUTGOING_PREFIX.length());
        return stream.startsWith(Streams.OUTGOING_PREFIX) && instanceSeparator > 0
                ? stream.substring(0, instanceSeparator) + ":<instance>"
                : stream;
    }
}
