package dev.artie.capabilities.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsCapabilityTest {
    private static final CapabilityContext ANN = new CapabilityContext("test", "ann", "c");
    private final UnitsCapability units = new UnitsCapability();

    private String convert(Object value, String from, String to) throws CapabilityException {
        return units.execute(UnitsCapability.CONVERT, Map.of("value", value, "from", from, "to", to), ANN);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "10      | km                | miles       | 10 km = 6.21371 mi",
                "6       | ft                | cm          | 6 ft = 182.88 cm",
                "3       | inches            | mm          | 3 in = 76.2 mm",
                "1       | lb                | g           | 1 lb = 453.592 g",
                "11      | stone             | kg          | 11 st = 69.8532 kg",
                "100     | °C                | °F          | 100 °C = 212 °F",
                "98.6    | fahrenheit        | celsius     | 98.6 °F = 37 °C",
                "0       | kelvin            | C           | 0 K = -273.15 °C",
                "-40     | degrees Fahrenheit| degrees Celsius | -40 °F = -40 °C",
                "1       | gallon            | litres      | 1 gal = 3.78541 l",
                "2       | cups              | ml          | 2 cup = 473.176 ml",
                "100     | km/h              | mph         | 100 km/h = 62.1371 mph",
                "20      | knots             | m/s         | 20 kn = 10.2889 m/s",
                "1       | metres per second | kilometres per hour | 1 m/s = 3.6 km/h"
            })
    void convertsWithinEachDimension(String value, String from, String to, String expected) throws Exception {
        assertThat(convert(value, from, to)).isEqualTo(expected);
    }

    @Test
    void readsAContentFormQuery() throws Exception {
        assertThat(units.execute(UnitsCapability.CONVERT, Map.of("query", "5 kilometres to miles"), ANN))
                .isEqualTo("5 km = 3.10686 mi");
        assertThat(units.execute(UnitsCapability.CONVERT, Map.of("query", "1,000 g in lbs?"), ANN))
                .isEqualTo("1000 g = 2.20462 lb");
    }

    @Test
    void anUnknownUnitIsAClearErrorListingKnownOnes() {
        assertThatThrownBy(() -> convert(3, "furlongs", "m"))
                .isInstanceOf(CapabilityException.class)
                .hasMessageStartingWith("unknown unit 'furlongs'; known units: mm, cm, m, km");
    }

    @Test
    void unitsOfDifferentDimensionsAreRefused() {
        assertThatThrownBy(() -> convert(3, "kg", "km"))
                .isInstanceOf(CapabilityException.class)
                .hasMessage("cannot convert kg (mass) to km (length)");
    }

    @Test
    void missingOrNonNumericValuesAreErrors() {
        assertThatThrownBy(() -> units.execute(UnitsCapability.CONVERT, Map.of("from", "km", "to", "mi"), ANN))
                .hasMessageContaining("convert needs value, from and to");
        assertThatThrownBy(() -> convert("ten", "km", "mi")).hasMessage("'ten' is not a number");
        assertThatThrownBy(() -> units.execute(UnitsCapability.CONVERT, Map.of("query", "how far is Paris"), ANN))
                .hasMessageContaining("cannot read 'how far is Paris'");
    }
}
