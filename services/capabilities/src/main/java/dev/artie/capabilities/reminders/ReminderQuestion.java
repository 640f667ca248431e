package dev.artie.capabilities.reminders;

import dev.artie.capabilities.capability.CapabilityCall;
import dev.artie.capabilities.clock.TimeZones;
import dev.artie.capabilities.lists.ListQuestion;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a request about reminders in plain language ("remind me in 10 minutes to stretch", "every weekday at 9
 * remind me to stand up", "what are my reminders?", "cancel the stretch reminder", "cancel reminder 2", "my time
 * zone is Europe/Paris", "I'm in Tokyo"), so reminders work without tag syntax, and offline. The whole message must
 * be the request: "remind me what my favourite food is" asks the memory, and "I'm in trouble" names no place.
 */
public final class ReminderQuestion {
    private static final String WHEN = "(?<when>" + ReminderTime.PHRASE + ")";
    private static final String ABOUT = "(?:to |that |about |of )";
    private static final String TEXT = "(?<text>.+?)";
    private static final String REMINDER = "set (?:a |me a )?reminder ";
    private static final List<Request> REQUESTS = List.of(
            new Request(RemindersCapability.SET, "remind me " + WHEN + ",? " + ABOUT + "?" + TEXT),
            new Request(RemindersCapability.SET, "remind me " + ABOUT + TEXT + ",? " + WHEN),
            new Request(RemindersCapability.SET, WHEN + ",? remind me " + ABOUT + "?" + TEXT),
            new Request(RemindersCapability.SET, REMINDER + "(?:for )?" + WHEN + ",? (?:to |about |for )" + TEXT),
            new Request(RemindersCapability.SET, REMINDER + "(?:to |about |for )" + TEXT + ",? " + WHEN),
            // No time said: the capability asks for one.
            new Request(RemindersCapability.SET, "remind me to " + TEXT),
            new Request(
                    RemindersCapability.LIST,
                    "(?:what are|what're|show(?: me)?|list|tell me|read(?: me)?) "
                            + "(?:all )?my reminders|(?:do i have any|any) reminders|what reminders do i have|my reminders"),
            new Request(
                    RemindersCapability.CANCEL, "(?:cancel|delete|remove) reminder (?:number |#)?(?<which>\\d{1,4})"),
            new Request(
                    RemindersCapability.CANCEL,
                    "(?:cancel|delete|remove) (?:the |my )?reminder (?:to |about |for )" + "(?<which>.+?)"),
            new Request(RemindersCapability.CANCEL, "(?:cancel|delete|remove) (?:the |my )?(?<which>.+?) reminder"),
            new Request(RemindersCapability.CANCEL, "stop reminding me (?:to |about )?(?<which>.+?)"),
            new Request(
                    RemindersCapability.TIME_ZONE,
                    "(?:my time ?zone is|set my time ?zone to|i(?:'m| am) in"
                            + "|i live in|i'm based in|i am based in) (?<zone>[a-z][a-z .'_/+-]*?)"));

    private record Request(String action, Pattern pattern) {
        Request(String action, String pattern) {
            this(action, Pattern.compile(ListQuestion.LEAD + "(?:" + pattern + ")" + ListQuestion.END));
        }
    }

    private ReminderQuestion() {}

    public static Optional<CapabilityCall> find(String text) {
        if (text == null || text.length() > 400) {
            return Optional.empty();
        }
        String said = text.strip().replace('’', '\'').replaceAll("\\s+", " ");
        String lower = said.toLowerCase(Locale.ROOT);
        // The reminder's text keeps the person's own capitals where lower-casing kept every position.
        String original = lower.length() == said.length() ? said : lower;
        for (Request request : REQUESTS) {
            Matcher matcher = request.pattern().matcher(lower);
            if (matcher.matches()) {
                return callFor(request, matcher, original);
            }
        }
        return Optional.empty();
    }

    private static Optional<CapabilityCall> callFor(Request request, Matcher matcher, String original) {
        String pattern = request.pattern().pattern();
        Map<String, Object> arguments = new HashMap<>();
        if (pattern.contains("(?<zone>")) {
            String zone = matcher.group("zone").strip();
            if (TimeZones.named(zone).isEmpty()) {
                return Optional.empty();
            }
            arguments.put("zone", zone);
        }
        if (request.action().equals(RemindersCapability.SET)) {
            arguments.put("when", pattern.contains("(?<when>") ? matcher.group("when") : "");
        }
        if (pattern.contains("(?<text>")) {
            arguments.put("text", original.substring(matcher.start("text"), matcher.end("text")));
        }
        if (pattern.contains("(?<which>")) {
            arguments.put("which", matcher.group("which"));
        }
        return Optional.of(CapabilityCall.of(RemindersCapability.NAME, request.action(), arguments));
    }
}
