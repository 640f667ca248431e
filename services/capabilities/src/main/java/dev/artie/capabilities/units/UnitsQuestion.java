package dev.artie.capabilities.units;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a unit conversion asked in plain language ("convert 10 miles to km", "what is 5 kg in pounds?", "how many
 * ml in 2 cups?"), so the units capability answers without tag syntax, and offline. Both units must be known and of
 * one kind: "I walked 3 km to school" and "I lost 5 kg in a month" ask nothing.
 */
public final class UnitsQuestion {
    private static final String LEAD =
            "(?:(?:hey|hi|ok|okay|artie|please|so)[ ,]+)*(?:(?:can|could) you (?:please )?)?";
    private static final String END = "(?:[ ,]+please)?[ .!?]*";
    private static final Pattern CONVERT = Pattern.compile(LEAD + "(?:please )?convert (?<query>.+?)" + END);
    private static final Pattern AMOUNT_IN = Pattern.compile(LEAD
            + "(?:(?:what(?:'s| is)|how much is|how far is|how heavy is|how long is|how hot is|how fast is) )?"
            + "(?<query>-?[0-9][0-9.,]* ?[^0-9]+? (?:to|in|into) [^0-9]+?)" + END);
    private static final Pattern HOW_MANY = Pattern.compile(LEAD + "how many (?<to>[^0-9]+?) (?:is|are|in|make|makes|"
            + "equals?|is there in|are there in|are in) (?<value>-?[0-9][0-9.,]*) ?(?<from>[^0-9]+?)" + END);

    private static final UnitConverter CONVERTER = new UnitConverter();

    private UnitsQuestion() {}

    /** The conversion asked for as the capability reads it ("10 miles to km"), if the text asks for one. */
    public static Optional<String> find(String text) {
        if (text == null || text.length() > 200) {
            return Optional.empty();
        }
        String lower = text.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        Matcher howMany = HOW_MANY.matcher(lower);
        if (howMany.matches()) {
            return convertible(howMany.group("value") + " " + howMany.group("from") + " to " + howMany.group("to"));
        }
        for (Pattern pattern : new Pattern[] {CONVERT, AMOUNT_IN}) {
            Matcher matcher = pattern.matcher(lower);
            if (matcher.matches()) {
                return convertible(matcher.group("query"));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> convertible(String query) {
        Matcher matcher = UnitsCapability.QUERY.matcher(query);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            CONVERTER.convert(1, matcher.group(2), matcher.group(3));
            return Optional.of(query);
        } catch (UnitConverter.ConversionException e) {
            return Optional.empty();
        }
    }
}
