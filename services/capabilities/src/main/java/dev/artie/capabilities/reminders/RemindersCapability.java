package dev.artie.capabilities.reminders;

import dev.artie.capabilities.capability.Arguments;
import dev.artie.capabilities.capability.Capability;
import dev.artie.capabilities.capability.CapabilityAction;
import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import dev.artie.capabilities.clock.TimeZones;
import dev.artie.shared.queue.Streams;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The person's reminders: set ("in 10 minutes", "every weekday at 9"), listed, cancelled, in the person's time zone,
 * which they tell once. Each is delivered on the channel it was set from ({@link ReminderDelivery}). Every call is
 * scoped to the person speaking (the context), whatever the arguments say.
 */
@Singleton
public class RemindersCapability implements Capability {
    public static final String NAME = "reminders";
    public static final String SET = "set";
    public static final String LIST = "list";
    public static final String CANCEL = "cancel";
    public static final String TIME_ZONE = "timezone";
    static final int MAX_TEXT = 200;

    private final ReminderStore store;
    private final ReminderSettings settings;
    private final Clock clock;

    public RemindersCapability(ReminderStore store, ReminderSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Reminds the person later, on this channel: set a reminder (once or repeating), list, cancel; and "
                + "remembers their time zone.";
    }

    @Override
    public List<CapabilityAction> actions() {
        Map<String, Object> when = Map.of(
                "type",
                "string",
                "description",
                "when, in the person's words: in 10 "
                        + "minutes, at 5pm, tomorrow at 8, monday at 10, every day at 9, every weekday at 9, every monday at 10");
        Map<String, Object> text = Map.of("type", "string", "description", "what to remind of, e.g. stretch");
        return List.of(
                new CapabilityAction(
                        SET,
                        "Remind the person of something later, once or repeating",
                        Map.of(
                                "type",
                                "object",
                                "properties",
                                Map.of("when", when, "text", text),
                                "required",
                                List.of("when", "text")),
                        "text"),
                new CapabilityAction(
                        LIST,
                        "List the person's reminders with their next times",
                        Map.of("type", "object", "properties", Map.of()),
                        null),
                CapabilityAction.withTextArgument(
                        CANCEL,
                        "Cancel one of the person's reminders",
                        "which",
                        "its number in the list, or words of its text, e.g. stretch",
                        true),
                CapabilityAction.withTextArgument(
                        TIME_ZONE,
                        "Remember the person's time zone (reminders use it)",
                        "zone",
                        "an IANA zone or a city, e.g. Europe/Paris or Tokyo",
                        true));
    }

    @Override
    public String execute(String action, Map<String, Object> arguments, CapabilityContext context)
            throws CapabilityException {
        return switch (action) {
            case SET -> set(Arguments.text(arguments, "when"), Arguments.text(arguments, "text"), context);
            case LIST -> list(context);
            case CANCEL -> cancel(Arguments.text(arguments, "which"), context);
            case TIME_ZONE -> setZone(Arguments.text(arguments, "zone"), context);
            default -> throw new CapabilityException("reminders has no action '" + action + "'");
        };
    }

    private String set(String when, String text, CapabilityContext context) throws CapabilityException {
        if (text.isBlank()) {
            throw new CapabilityException("say what to remind you of, e.g. \"remind me in 10 minutes to stretch\"");
        }
        if (text.length() > MAX_TEXT) {
            throw new CapabilityException("that reminder is too long (at most " + MAX_TEXT + " characters)");
        }
        if (context.replyTo() == null || !Streams.isOutgoing(context.replyTo())) {
            throw new CapabilityException("reminders need a channel to reach you on, and this message has none");
        }
        ZoneId zone = zone(context);
        Instant now = clock.instant();
        ReminderTime.Schedule schedule = ReminderTime.parse(when, now, zone);
        Reminder reminder = new Reminder(
                UUID.randomUUID().toString(),
                context.channel(),
                context.personId(),
                context.conversationId(),
                deliveryStream(context),
                context.metadata(),
                text.strip(),
                schedule.first(),
                schedule.repeat(),
                zone);
        if (!store.add(reminder, settings.maxPerPerson())) {
            throw new CapabilityException("you have " + settings.maxPerPerson() + " reminders already, the most I keep;"
                    + " cancel one first (\"what are my reminders?\", then \"cancel reminder 2\")");
        }
        return "OK, I'll remind you to " + reminder.text() + " " + describeNext(reminder) + ".";
    }

    /**
     * The channel's shared outgoing stream, never one instance's: the http-chat instance that was asked may be gone
     * when the reminder is due, and every instance reads the shared one (docs/http-api.md, "Reminders").
     */
    private static String deliveryStream(CapabilityContext context) {
        return Streams.isInstanceStream(context.replyTo()) ? Streams.outgoing(context.channel()) : context.replyTo();
    }

    private String list(CapabilityContext context) {
        List<Reminder> reminders = store.list(context.channel(), context.personId());
        if (reminders.isEmpty()) {
            return "You have no reminders.";
        }
        ZoneId zone = zone(context);
        return "Your reminders (times in " + zone.getId() + "): "
                + IntStream.range(0, reminders.size())
                        .mapToObj(i ->
                                (i + 1) + ". " + reminders.get(i).text() + ", " + describeNext(reminders.get(i), zone))
                        .collect(Collectors.joining("; "))
                + ".";
    }

    private String cancel(String which, CapabilityContext context) throws CapabilityException {
        List<Reminder> reminders = store.list(context.channel(), context.personId());
        String wanted = which.strip().toLowerCase(Locale.ROOT).replaceFirst("^(?:reminder |number |#)", "");
        List<Reminder> matching;
        if (wanted.matches("[0-9]{1,4}")) {
            int position = Integer.parseInt(wanted);
            matching = position >= 1 && position <= reminders.size() ? List.of(reminders.get(position - 1)) : List.of();
        } else {
            matching = reminders.stream()
                    .filter(r -> !wanted.isEmpty()
                            && r.text().toLowerCase(Locale.ROOT).contains(wanted))
                    .toList();
        }
        if (matching.size() != 1) {
            throw new CapabilityException((matching.isEmpty()
                            ? "no reminder matches '" + which.strip() + "'"
                            : matching.size() + " reminders match '" + which.strip() + "'; say its number")
                    + ". "
                    + list(context));
        }
        Reminder cancelled = matching.getFirst();
        if (!store.cancel(context.channel(), context.personId(), cancelled.id())) {
            throw new CapabilityException("that reminder has just gone (delivered or cancelled). " + list(context));
        }
        return "Cancelled your reminder to " + cancelled.text() + ".";
    }

    private String setZone(String said, CapabilityContext context) throws CapabilityException {
        ZoneId zone = TimeZones.named(said.strip())
                .orElseThrow(() -> new CapabilityException("'" + said.strip()
                        + "' is not a time zone I know; say a city or an IANA zone, e.g. Europe/Paris"));
        store.setZone(context.channel(), context.personId(), zone);
        return "OK, your time zone is " + zone.getId() + " (it is " + ReminderTime.describe(clock.instant(), zone)
                + " there now); your reminders' times are in it.";
    }

    private ZoneId zone(CapabilityContext context) {
        return store.zone(context.channel(), context.personId()).orElseGet(settings::defaultZone);
    }

    private String describeNext(Reminder reminder) {
        return describeNext(reminder, reminder.zone());
    }

    /** "on Thu 3 Dec at 09:00", or "every weekday at 09:00 (next Fri 4 Dec at 09:00)". */
    private static String describeNext(Reminder reminder, ZoneId zone) {
        String next = ReminderTime.describe(reminder.due(), zone);
        return reminder.repeat()
                .map(repeat -> repeat.describe() + " (next " + next + ")")
                .orElse("on " + next);
    }
}
