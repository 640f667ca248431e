package dev.artie.capabilities.reminders;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One reminder of one person, with what is needed to reach them where they set it: the channel's outgoing stream and
 * the incoming message's metadata (the Discord channel, the SMS number, the mail thread), as a reply carries them.
 *
 * @param due    when it is next due
 * @param repeat how it repeats; absent for a one-off reminder
 * @param zone   the person's time zone when it was set, in which a repeating one keeps its local time
 */
public record Reminder(
        String id,
        String channel,
        String personId,
        String conversationId,
        String stream,
        Map<String, String> metadata,
        String text,
        Instant due,
        Optional<ReminderTime.Repeat> repeat,
        ZoneId zone) {
    private static final String METADATA = "m:";

    public Reminder {
        metadata = Map.copyOf(metadata);
    }

    /** The occurrence due at {@link #due}: the same on every replica and after a restart, so it is delivered once. */
    String occurrenceId() {
        return "reminder:" + id + ":" + due.toEpochMilli();
    }

    /** The fields of its Redis hash. */
    Map<String, String> fields() {
        Map<String, String> fields = new HashMap<>();
        fields.put("channel", channel);
        fields.put("personId", personId);
        fields.put("conversationId", conversationId == null ? "" : conversationId);
        fields.put("stream", stream);
        fields.put("text", text);
        fields.put("due", Long.toString(due.toEpochMilli()));
        fields.put("repeat", repeat.map(ReminderTime.Repeat::stored).orElse(""));
        fields.put("zone", zone.getId());
        metadata.forEach((key, value) -> fields.put(METADATA + key, value));
        return fields;
    }

    static Reminder fromFields(String id, Map<String, String> fields) {
        Map<String, String> metadata = new HashMap<>();
        fields.forEach((key, value) -> {
            if (key.startsWith(METADATA)) {
                metadata.put(key.substring(METADATA.length()), value);
            }
        });
        return new Reminder(
                id,
                fields.get("channel"),
                fields.get("personId"),
                fields.get("conversationId"),
                fields.get("stream"),
                metadata,
                fields.get("text"),
                Instant.ofEpochMilli(Long.parseLong(fields.get("due"))),
                ReminderTime.Repeat.fromStored(fields.get("repeat")),
                ZoneId.of(fields.get("zone")));
    }
}
