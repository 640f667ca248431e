package dev.artie.capabilities.calculator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalculatorTest {
    private final Calculator calculator = new Calculator();

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
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
    })
    void calculatesWhatPeopleWrite(String expression, String expected) throws Exception {
        assertThat(calculator.calculate(expression).value()).isEqualTo(expected);
    }

    @Test
    void describesTheCalculationAsThePersonWroteIt() throws Exception {
        assertThat(calculator.calculate(" 17% of 240 ").toString()).isEqualTo("17% of 240 = 40.8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "2 +", "1/0", "hello", "(1 + 2", "java.lang.System.exit(1)",
            "Runtime.getRuntime().exec(\"ls\")", "10^1000000000"})
    void refusesWhatIsNotArithmeticWithAClearMessage(String expression) {
        assertThatThrownBy(() -> calculator.calculate(expression))
                .isInstanceOf(Calculator.CalculationException.class)
                .hasMessageFindingMatch("cannot calculate|no expression|not arithmetic");
    }

    @Test
    void refusesVeryLongInput() {
        assertThatThrownBy(() -> calculator.calculate("1+".repeat(300) + "1"))
                .isInstanceOf(Calculator.CalculationException.class).hasMessageContaining("longer than");
    }
}
