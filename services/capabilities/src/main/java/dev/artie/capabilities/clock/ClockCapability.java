package dev.artie.capabilities.clock;

import dev.artie.capabilities.capability.Arguments;
import dev.artie.capabilities.capability.Capability;
import dev.artie.capabilities.capability.CapabilityAction;
import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The current date and time in a person's time zone: models do not know what time it is. */
@Singleton
public class ClockCapability implements Capability {
    public static final String NAME = "clock";
    public static final String NOW = "now";
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEEE d MMMM uuuu, HH:mm:ss", Locale.ENGLISH);

    private final Clock clock;

    public ClockCapability(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Tells the current date and time in a time zone.";
    }

    @Override
    public List<CapabilityAction> actions() {
        return List.of(CapabilityAction.withTextArgument(
                NOW,
                "The current date and time",
                "timezone",
                "an IANA time zone such as Europe/Paris or America/New_York, or a city such as Tokyo; UTC when omitted",
                false));
    }

    @Override
    public String execute(String action, Map<String, Object> arguments, CapabilityContext context)
            throws CapabilityException {
        ZoneId zone = zone(Arguments.text(arguments, "timezone"));
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        return "It is " + FORMAT.format(now) + " in " + zone.getId() + " (UTC" + offset(now) + ").";
    }

    private static ZoneId zone(String name) throws CapabilityException {
        if (name.isEmpty()) {
            return ZoneId.of("UTC");
        }
        return TimeZones.named(name)
                .orElseThrow(
                        () -> new CapabilityException(
                                "unknown time zone '" + name
                                        + "'; use an IANA name such as Europe/Paris, America/New_York or UTC, or a city such as Tokyo"));
    }

    private static String offset(ZonedDateTime now) {
        return now.getOffset().equals(ZoneOffset.UTC) ? "" : now.getOffset().getId();
    }
}
