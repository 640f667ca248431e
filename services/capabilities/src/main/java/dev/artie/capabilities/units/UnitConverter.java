package dev.artie.capabilities.units;

import static dev.artie.capabilities.units.Unit.scaled;

import dev.artie.capabilities.units.Unit.Dimension;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Converts between the units of one dimension, table-driven: adding a unit is adding a row. */
public final class UnitConverter {
    private static final double INCH = 0.0254;
    private static final double POUND = 0.45359237;
    private static final double US_GALLON = 3.785411784;
    private static final double IMPERIAL_GALLON = 4.54609;

    private static final List<Unit> UNITS = List.of(
            scaled("mm", Dimension.LENGTH, 0.001, "millimetre", "millimeter"),
            scaled("cm", Dimension.LENGTH, 0.01, "centimetre", "centimeter"),
            scaled("m", Dimension.LENGTH, 1, "metre", "meter"),
            scaled("km", Dimension.LENGTH, 1000, "kilometre", "kilometer"),
            scaled("in", Dimension.LENGTH, INCH, "inch", "inches", "\""),
            scaled("ft", Dimension.LENGTH, 12 * INCH, "foot", "feet", "'"),
            scaled("yd", Dimension.LENGTH, 36 * INCH, "yard"),
            scaled("mi", Dimension.LENGTH, 63360 * INCH, "mile"),
            scaled("nmi", Dimension.LENGTH, 1852, "nautical mile"),
            scaled("mg", Dimension.MASS, 1e-6, "milligram", "milligramme"),
            scaled("g", Dimension.MASS, 0.001, "gram", "gramme"),
            scaled("kg", Dimension.MASS, 1, "kilogram", "kilogramme", "kilo"),
            scaled("t", Dimension.MASS, 1000, "tonne", "metric ton"),
            scaled("oz", Dimension.MASS, POUND / 16, "ounce"),
            scaled("lb", Dimension.MASS, POUND, "pound", "lbs"),
            scaled("st", Dimension.MASS, 14 * POUND, "stone"),
            new Unit(
                    "°C", Dimension.TEMPERATURE, 1, 0, List.of("c", "celsius", "degc", "degree celsius", "centigrade")),
            new Unit(
                    "°F",
                    Dimension.TEMPERATURE,
                    5.0 / 9,
                    -32 * 5.0 / 9,
                    List.of("f", "fahrenheit", "degf", "degree fahrenheit")),
            new Unit("K", Dimension.TEMPERATURE, 1, -273.15, List.of("k", "kelvin")),
            scaled("ml", Dimension.VOLUME, 0.001, "millilitre", "milliliter"),
            scaled("cl", Dimension.VOLUME, 0.01, "centilitre", "centiliter"),
            scaled("l", Dimension.VOLUME, 1, "litre", "liter"),
            scaled("m³", Dimension.VOLUME, 1000, "m3", "cubic metre", "cubic meter"),
            scaled("tsp", Dimension.VOLUME, US_GALLON / 768, "teaspoon"),
            scaled("tbsp", Dimension.VOLUME, US_GALLON / 256, "tablespoon"),
            scaled("fl oz", Dimension.VOLUME, US_GALLON / 128, "fluid ounce", "floz"),
            scaled("cup", Dimension.VOLUME, US_GALLON / 16, "cups"),
            scaled("pt", Dimension.VOLUME, US_GALLON / 8, "pint", "us pint"),
            scaled("gal", Dimension.VOLUME, US_GALLON, "gallon", "us gallon"),
            scaled("imp gal", Dimension.VOLUME, IMPERIAL_GALLON, "imperial gallon", "uk gallon"),
            scaled("m/s", Dimension.SPEED, 1, "metre per second", "meter per second", "mps"),
            scaled("km/h", Dimension.SPEED, 1000 / 3600.0, "kph", "kmh", "kilometre per hour", "kilometer per hour"),
            scaled("mph", Dimension.SPEED, 63360 * INCH / 3600, "mi/h", "mile per hour"),
            scaled("kn", Dimension.SPEED, 1852 / 3600.0, "knot", "kt"),
            scaled("ft/s", Dimension.SPEED, 12 * INCH, "fps", "foot per second", "feet per second"));

    private static final Map<String, Unit> BY_NAME = index();

    /** A conversion that cannot be done; the message says why, for the model to correct itself. */
    public static class ConversionException extends Exception {
        ConversionException(String message) {
            super(message);
        }
    }

    public record Conversion(double value, Unit from, double result, Unit to) {
        /** E.g. "10 km = 6.21371 mi", six significant digits. */
        public String describe() {
            return format(value) + " " + from.symbol() + " = " + format(result) + " " + to.symbol();
        }
    }

    public Conversion convert(double value, String from, String to) throws ConversionException {
        Unit source = unit(from);
        Unit target = unit(to);
        if (source.dimension() != target.dimension()) {
            throw new ConversionException("cannot convert " + source.symbol() + " (" + lower(source.dimension())
                    + ") to " + target.symbol() + " (" + lower(target.dimension()) + ")");
        }
        return new Conversion(value, source, target.fromBase(source.toBase(value)), target);
    }

    private static Unit unit(String name) throws ConversionException {
        for (String candidate : candidates(name)) {
            Unit unit = BY_NAME.get(candidate);
            if (unit != null) {
                return unit;
            }
        }
        throw new ConversionException("unknown unit '" + name + "'; known units: "
                + UNITS.stream().map(Unit::symbol).collect(Collectors.joining(", ")));
    }

    /**
     * The name in lower case, then with its first or last word made singular ("metres per second", "fluid ounces",
     * "inches"): names are matched in lower case because no two units here differ only in case.
     */
    private static List<String> candidates(String name) {
        String lower = name == null
                ? ""
                : name.strip()
                        .toLowerCase(Locale.ROOT)
                        .replace("°", "")
                        .replace("degrees ", "degree ")
                        .replace("deg ", "deg");
        int firstSpace = lower.indexOf(' ');
        int lastSpace = lower.lastIndexOf(' ');
        String first = firstSpace < 0 ? lower : lower.substring(0, firstSpace);
        String restAfterFirst = firstSpace < 0 ? "" : lower.substring(firstSpace);
        String last = lower.substring(lastSpace + 1);
        String beforeLast = lower.substring(0, lastSpace + 1);
        List<String> candidates = new ArrayList<>(List.of(lower));
        for (String suffix : List.of("s", "es")) {
            if (first.length() > suffix.length() + 1 && first.endsWith(suffix)) {
                candidates.add(first.substring(0, first.length() - suffix.length()) + restAfterFirst);
            }
            if (last.length() > suffix.length() + 1 && last.endsWith(suffix)) {
                candidates.add(beforeLast + last.substring(0, last.length() - suffix.length()));
            }
        }
        return candidates;
    }

    private static Map<String, Unit> index() {
        Map<String, Unit> index = new HashMap<>();
        for (Unit unit : UNITS) {
            index.put(unit.symbol().toLowerCase(Locale.ROOT).replace("°", ""), unit);
            unit.names().forEach(name -> index.put(name, unit));
        }
        return Map.copyOf(index);
    }

    private static String lower(Dimension dimension) {
        return dimension.name().toLowerCase(Locale.ROOT);
    }

    private static String format(double value) {
        return new BigDecimal(value)
                .round(new MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }
}
