package dev.artie.shared.queue;

import java.util.Map;

/** One entry of the dead-letter stream: where a message came from, why it failed, and the message itself. */
public record DeadLetter(
        String id, String stream, String entryId, String reason, int attempts, String failedAt, String message) {

    static DeadLetter fromFields(String id, Map<String, String> fields) {
        return new DeadLetter(
                id,
                fields.get("stream"),
                fields.get("entryId"),
                fields.get("reason"),
                parseInt(fields.get("attempts")),
                fields.get("failedAt"),
                fields.get(Streams.MESSAGE_FIELD));
    }

    private static int parseInt(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
