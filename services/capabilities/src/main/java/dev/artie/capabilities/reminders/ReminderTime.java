package dev.artie.capabilities.reminders;

import dev.artie.capabilities.capability.CapabilityException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a reminder is due, as people say it: "in 10 minutes", "at 9", "at 5pm", "tomorrow at 8", "monday at 10",
 * "every day at 9", "every weekday at 9", "every monday at 10". Clock times are in the person's time zone; one that
 * has passed today means tomorrow.
 */
public final class ReminderTime {
    private static final String NUMBER = "\\d{1,4}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            + "|fifteen|twenty|thirty|forty-five";
    private static final String UNIT = "seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?";
    private static final String CLOCK = "\\d{1,2}(?:[:.]\\d{2})?(?: ?[ap]\\.?m\\.?)?|noon|midnight";
    private static final String DAY = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";
    /** The phrases, as one expression another pattern can embed (its groups are not named). */
    static final String PHRASE = "(?:in (?:" + NUMBER + ") (?:" + UNIT + ")|in half an hour"
            + "|(?:(?:today|tomorrow|(?:on |next )?(?:" + DAY + ")) )?at (?:" + CLOCK + ")"
            + "|at (?:" + CLOCK + ") (?:today|tomorrow|on (?:" + DAY + "))"
            + "|(?:every (?:day|weekday|" + DAY + ")|daily|on weekdays|every morning) at (?:" + CLOCK + "))";

    private static final Pattern RELATIVE = Pattern.compile("in (?<n>" + NUMBER + ") (?<unit>" + UNIT + ")");
    private static final Pattern ONCE = Pattern.compile("(?:(?<day1>today|tomorrow|(?:on |next )?(?:" + DAY + ")) )?"
            + "at (?<clock>" + CLOCK + ")(?: (?<day2>today|tomorrow|on (?:" + DAY + ")))?");
    private static final Pattern REPEATING = Pattern.compile("(?:every (?<days>day|weekday|" + DAY + ")|(?<daily>daily)"
            + "|(?<weekdays>on weekdays)|(?<morning>every morning)) at (?<clock>" + CLOCK + ")");
    private static final Pattern CLOCK_TIME =
            Pattern.compile("(?<h>\\d{1,2})(?:[:.](?<m>\\d{2}))?(?: ?(?<ampm>[ap])" + "\\.?m\\.?)?");
    private static final Map<String, Integer> WORDS = Map.ofEntries(
            Map.entry("a", 1),
            Map.entry("an", 1),
            Map.entry("one", 1),
            Map.entry("two", 2),
            Map.entry("three", 3),
            Map.entry("four", 4),
            Map.entry("five", 5),
            Map.entry("six", 6),
            Map.entry("seven", 7),
            Map.entry("eight", 8),
            Map.entry("nine", 9),
            Map.entry("ten", 10),
            Map.entry("eleven", 11),
            Map.entry("twelve", 12),
            Map.entry("fifteen", 15),
            Map.entry("twenty", 20),
            Map.entry("thirty", 30),
            Map.entry("forty-five", 45));
    /** Further ahead than this is more likely a slip than a plan. */
    static final Duration FURTHEST = Duration.ofDays(366);

    /**
     * How a reminder repeats: {@code days} is {@code day}, {@code weekday} or a day of the week in lower case, at a
     * local time of the person's zone.
     */
    public record Repeat(String days, LocalTime at) {
        /** The stored form, e.g. {@code weekday 09:00}. */
        String stored() {
            return days + " " + at;
        }

        static Optional<Repeat> fromStored(String stored) {
            if (stored == null || stored.isBlank()) {
                return Optional.empty();
            }
            String[] parts = stored.split(" ");
            return Optional.of(new Repeat(parts[0], LocalTime.parse(parts[1])));
        }

        /** The first occurrence strictly after {@code after}, in {@code zone}. */
        Instant next(Instant after, ZoneId zone) {
            LocalDate date = after.atZone(zone).toLocalDate();
            while (true) {
                ZonedDateTime candidate = ZonedDateTime.of(date, at, zone);
                if (candidate.toInstant().isAfter(after) && fallsOn(date.getDayOfWeek())) {
                    return candidate.toInstant();
                }
                date = date.plusDays(1);
            }
        }

        private boolean fallsOn(DayOfWeek day) {
            return switch (days) {
                case "day" -> true;
                case "weekday" -> day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
                default -> day == DayOfWeek.valueOf(days.toUpperCase(Locale.ROOT));
            };
        }

        /** "every weekday at 09:00". */
        String describe() {
            return "every " + days + " at " + at;
        }
    }

    /** The first time a reminder is due, and how it repeats (absent for a one-off reminder). */
    public record Schedule(Instant first, Optional<Repeat> repeat) {}

    private ReminderTime() {}

    /**
     * The schedule {@code said} asks for, from {@code now} in {@code zone}.
     *
     * @throws CapabilityException when it is not a time this understands, or too far ahead
     */
    public static Schedule parse(String said, Instant now, ZoneId zone) throws CapabilityException {
        String when = said == null ? "" : said.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        Schedule schedule = relative(when, now)
                .or(() -> once(when, now, zone))
                .or(() -> repeating(when, now, zone))
                .orElseThrow(() -> new CapabilityException("say when, e.g. \"in 10 minutes\", \"at 5pm\", \"tomorrow "
                        + "at 8\" or \"every weekday at 9\""
                        + (when.isEmpty() ? "" : "; '" + said.strip() + "' is not a time I understand")));
        if (schedule.first().isAfter(now.plus(FURTHEST))) {
            throw new CapabilityException(
                    "that is too far ahead: reminders are for the next " + FURTHEST.toDays() + " days");
        }
        return schedule;
    }

    private static Optional<Schedule> relative(String when, Instant now) {
        Duration ahead;
        if (when.equals("in half an hour")) {
            ahead = Duration.ofMinutes(30);
        } else {
            Matcher matcher = RELATIVE.matcher(when);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            String n = matcher.group("n");
            long count = WORDS.containsKey(n) ? WORDS.get(n) : Long.parseLong(n);
            String unit = matcher.group("unit");
            Duration one = switch (unit.charAt(0)) {
                case 's' -> Duration.ofSeconds(1);
                case 'm' -> Duration.ofMinutes(1);
                case 'h' -> Duration.ofHours(1);
                case 'd' -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            ahead = one.multipliedBy(count);
        }
        return ahead.isZero() ? Optional.empty() : Optional.of(new Schedule(now.plus(ahead), Optional.empty()));
    }

    private static Optional<Schedule> once(String when, Instant now, ZoneId zone) {
        Matcher matcher = ONCE.matcher(when);
        if (!matcher.matches() || matcher.group("day1") != null && matcher.group("day2") != null) {
            return Optional.empty();
        }
        Optional<LocalTime> at = clock(matcher.group("clock"));
        if (at.isEmpty()) {
            return Optional.empty();
        }
        String day = matcher.group("day1") != null ? matcher.group("day1") : matcher.group("day2");
        day = day == null ? "" : day.replaceFirst("^(?:on|next) ", "");
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime due = ZonedDateTime.of(local.toLocalDate(), at.get(), zone);
        switch (day) {
            case "" ->
                due = due.toInstant().isAfter(now)
                        ? due
                        : ZonedDateTime.of(local.toLocalDate().plusDays(1), at.get(), zone);
            case "today" -> {
                if (!due.toInstant().isAfter(now)) {
                    return Optional.empty();
                }
            }
            case "tomorrow" -> due = ZonedDateTime.of(local.toLocalDate().plusDays(1), at.get(), zone);
            default -> {
                Repeat weekly = new Repeat(day, at.get());
                return Optional.of(new Schedule(weekly.next(now, zone), Optional.empty()));
            }
        }
        return Optional.of(new Schedule(due.toInstant(), Optional.empty()));
    }

    private static Optional<Schedule> repeating(String when, Instant now, ZoneId zone) {
        Matcher matcher = REPEATING.matcher(when);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String days = matcher.group("days") != null
                ? matcher.group("days")
                : matcher.group("weekdays") != null ? "weekday" : "day";
        return clock(matcher.group("clock"))
                .map(at -> new Repeat(days, at))
                .map(repeat -> new Schedule(repeat.next(now, zone), Optional.of(repeat)));
    }

    /** "9" → 09:00, "5pm" → 17:00, "12am" → 00:00, "7:30" → 07:30; empty for "25" or "13pm". */
    static Optional<LocalTime> clock(String said) {
        if (said.equals("noon")) {
            return Optional.of(LocalTime.NOON);
        }
        if (said.equals("midnight")) {
            return Optional.of(LocalTime.MIDNIGHT);
        }
        Matcher matcher = CLOCK_TIME.matcher(said);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int hour = Integer.parseInt(matcher.group("h"));
        int minute = matcher.group("m") == null ? 0 : Integer.parseInt(matcher.group("m"));
        String ampm = matcher.group("ampm");
        if (ampm != null) {
            if (hour < 1 || hour > 12) {
                return Optional.empty();
            }
            hour = hour % 12 + (ampm.equals("p") ? 12 : 0);
        }
        return hour > 23 || minute > 59 ? Optional.empty() : Optional.of(LocalTime.of(hour, minute));
    }

    /** "Thu 3 Dec at 09:00", in the person's zone. */
    static String describe(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        return local.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + local.getDayOfMonth() + " "
                + local.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " at "
                + local.toLocalTime().withSecond(0).withNano(0);
    }
}
