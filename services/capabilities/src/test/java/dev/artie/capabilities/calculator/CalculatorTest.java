package dev.artie.capabilities.calculator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CalculatorTest {
    private final Calculator calculator = new Calculator();

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "17% of 240 | 40.8",
                "240 * 17% | 40.8",
                "15% off 80 | 68",
                "80 - 15% | 68",
                "80 + 10% | 88",
                "50% of (100 + 20) | 60",
                "2^10 | 1024",
                "2 ** 10 | 1024",
                "12*7 | 84",
                "12 x 7 | 84",
                "6 × 7 | 42",
                "(1 + 2) * 3 | 9",
                "10 % 3 | 1",
                "1/3 | 0.3333333333",
                "1,000 * 2 | 2000",
                "sqrt(16) | 4",
                "-5 + 2 | -3",
                "0.1 + 0.2 | 0.3",
                "3 squared | 9",
                "2 to the power of 8 | 256",
                // Large but within bounds: exact while the digits are kept, then scientific notation.
                "2^100 | 1267650600228229401496703205376",
                "10^999 | 1E+999",
                "fact(20) | 2432902008176640000",
                "fact(100) | 9.3326215443944152682E+157",
                "round(2.123456, 2) | 2.12",
                "10^-5000 | 0",
                "123456789012345678901234567890 * 10 | 1234567890123456789012345678900",
            })
    void calculatesWhatPeopleWrite(String expression, String expected) throws Exception {
        assertThat(calculator.calculate(expression).value()).isEqualTo(expected);
    }

    @Test
    void describesTheCalculationAsThePersonWroteIt() throws Exception {
        assertThat(calculator.calculate(" 17% of 240 ").toString()).isEqualTo("17% of 240 = 40.8");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "2 +",
                "1/0",
                "hello",
                "(1 + 2",
                "java.lang.System.exit(1)",
                "Runtime.getRuntime().exec(\"ls\")",
                "10^1000000000"
            })
    void refusesWhatIsNotArithmeticWithAClearMessage(String expression) {
        assertThatThrownBy(() -> calculator.calculate(expression))
                .isInstanceOf(Calculator.CalculationException.class)
                .hasMessageFindingMatch("cannot calculate|no expression|not arithmetic");
    }

    /** Each would work for minutes (or run out of memory) without bounds; each is refused with a reason instead. */
    static Stream<String> hostileExpressions() {
        return Stream.of(
                "9^9^9",
                "9^(9^9)",
                "9^9^9^9",
                "2^2^2^2^2^2",
                "10^1001",
                "(10^999)*(10^999)",
                "10^500 * 10^500 * 10^500",
                "1e999999999",
                "1e999999999 * 10",
                "floor(1e999999999)",
                "1e999999999 % 7",
                "sqrt(1e999999999)",
                "1e-999999999",
                "1 / 10^999 / 10^999",
                "fact(100000)",
                "fact(1000000000)",
                "fact(10)^fact(10)",
                "fact(451)",
                "fact(-1000000)",
                "round(1.5, 999999999)",
                "round(2, -999999999)",
                "9".repeat(400),
                "1" + "0".repeat(100) + " + 1",
                "sqrt(".repeat(60) + "2" + ")".repeat(60),
                "abs(-".repeat(60) + "2" + ")".repeat(60),
                "-".repeat(300) + "1",
                "2^0.5^0.5^10000000",
                "max(10^999, 10^999) * 10");
    }

    @ParameterizedTest
    @MethodSource("hostileExpressions")
    void refusesHostileExpressionsWithAClearMessageInsteadOfWorkingForMinutes(String expression) {
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThatThrownBy(() -> calculator.calculate(expression))
                        .isInstanceOf(Calculator.CalculationException.class)
                        .hasMessageStartingWith("cannot calculate")
                        .hasMessageFindingMatch("too large|too small|too long|more than|at most|depth"));
    }

    @Test
    void parenthesesCostNothingHoweverDeep() throws Exception {
        assertThat(calculator
                        .calculate("(".repeat(200) + "1 + 1" + ")".repeat(200))
                        .value())
                .isEqualTo("2");
    }

    @Test
    void refusesVeryLongInput() {
        assertThatThrownBy(() -> calculator.calculate("1+".repeat(300) + "1"))
                .isInstanceOf(Calculator.CalculationException.class)
                .hasMessageContaining("longer than");
    }
}
