package dev.artie.capabilities.calculator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MathQuestionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "what is 17% of 240? | 17% of 240",
                "What's 12*7 | 12*7",
                "what is 2^10 | 2^10",
                "Hey Artie, what is 15% off 80? | 15% off 80",
                "calculate (3 + 4) * 2. | (3 + 4) * 2",
                "240 * 17% | 240 * 17%",
                "how much is 12 x 7? | 12 x 7",
            })
    void findsArithmeticInPlainLanguage(String text, String expression) {
        assertThat(MathQuestion.find(text)).contains(expression);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "what is my name?",
                "I am 30 years old",
                "remember that my favourite food is ramen",
                "what foods do I like?",
                "what is 42?",
                "hello",
                "what's the time in 2 hours?",
                ""
            })
    void leavesOtherTextAlone(String text) {
        assertThat(MathQuestion.find(text)).isEmpty();
    }
}
