package dev.artie.capabilities.units;

import dev.artie.capabilities.capability.Arguments;
import dev.artie.capabilities.capability.Capability;
import dev.artie.capabilities.capability.CapabilityAction;
import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Unit conversion (length, mass, temperature, volume, speed), exact where models guess. */
@Singleton
public class UnitsCapability implements Capability {
    public static final String NAME = "units";
    public static final String CONVERT = "convert";
    /** "10 km to miles", "98.6 °F in celsius": what a content-form tag holds. */
    static final Pattern QUERY = Pattern.compile(
            "\\s*(-?[0-9][0-9,_]*(?:\\.[0-9]+)?|-?\\.[0-9]+)\\s*(.+?)\\s+(?:to|in|into|as)\\s+(.+?)\\s*[?.]?\\s*",
            Pattern.CASE_INSENSITIVE);

    private final UnitConverter converter = new UnitConverter();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Converts lengths, masses, temperatures, volumes and speeds between units (km, mi, ft, kg, lb, "
                + "°C, °F, K, l, gal, cup, km/h, mph, knots, ...).";
    }

    @Override
    public List<CapabilityAction> actions() {
        Map<String, Object> schema = Map.of(
                "type",
                "object",
                "properties",
                Map.of(
                        "value", Map.of("type", "number", "description", "the amount to convert, e.g. 10"),
                        "from", Map.of("type", "string", "description", "its unit, e.g. km"),
                        "to", Map.of("type", "string", "description", "the unit wanted, e.g. mi"),
                        "query",
                                Map.of(
                                        "type",
                                        "string",
                                        "description",
                                        "instead of value, from and to: e.g. 10 km to miles")));
        return List.of(new CapabilityAction(CONVERT, "Convert an amount from one unit to another", schema, "query"));
    }

    @Override
    public String execute(String action, Map<String, Object> arguments, CapabilityContext context)
            throws CapabilityException {
        String value = Arguments.text(arguments, "value");
        String from = Arguments.text(arguments, "from");
        String to = Arguments.text(arguments, "to");
        String query = Arguments.text(arguments, "query");
        if (value.isEmpty() && !query.isEmpty()) {
            Matcher matcher = QUERY.matcher(query);
            if (!matcher.matches()) {
                throw new CapabilityException("cannot read '" + query + "'; write e.g. 10 km to miles");
            }
            value = matcher.group(1);
            from = matcher.group(2);
            to = matcher.group(3);
        }
        if (value.isEmpty() || from.isEmpty() || to.isEmpty()) {
            throw new CapabilityException(
                    "convert needs value, from and to, e.g. {\"value\": 10, \"from\": \"km\", " + "\"to\": \"mi\"}");
        }
        try {
            return converter.convert(number(value), from, to).describe();
        } catch (UnitConverter.ConversionException e) {
            throw new CapabilityException(e.getMessage());
        }
    }

    /** The output is "10 km = 6.21371 mi" ({@link UnitConverter.Conversion#describe}). */
    @Override
    public Optional<String> exactValue(String action, String output) {
        return Capability.valueAfterEquals(output);
    }

    private static double number(String value) throws CapabilityException {
        try {
            return Double.parseDouble(value.replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
            throw new CapabilityException("'" + value + "' is not a number");
        }
    }
}
