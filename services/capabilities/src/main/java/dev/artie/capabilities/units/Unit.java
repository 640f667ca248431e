package dev.artie.capabilities.units;

import java.util.List;

/**
 * One unit: a value in it is {@code value * factor + offset} in its dimension's base unit (metre, kilogram, degree
 * Celsius, litre, metre per second). Only temperatures need the offset.
 */
record Unit(String symbol, Dimension dimension, double factor, double offset, List<String> names) {

    enum Dimension {
        LENGTH,
        MASS,
        TEMPERATURE,
        VOLUME,
        SPEED
    }

    static Unit scaled(String symbol, Dimension dimension, double factor, String... names) {
        return new Unit(symbol, dimension, factor, 0, List.of(names));
    }

    double toBase(double value) {
        return value * factor + offset;
    }

    double fromBase(double base) {
        return (base - offset) / factor;
    }
}
