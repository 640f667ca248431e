package dev.artie.capabilities.calculator;

import com.ezylang.evalex.EvaluationException;
import com.ezylang.evalex.Expression;
import com.ezylang.evalex.data.EvaluationValue;
import com.ezylang.evalex.parser.ParseException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Arithmetic as people write it, evaluated by EvalEx (a parser of arithmetic only: no script engine, no access to
 * anything). EvalEx reads {@code %} as modulo, so percentages are rewritten first: "17% of 240", "240 * 17%",
 * "80 - 15%", "15% off 80". The patterns below have no nested repetition, so they run in linear time.
 */
public final class Calculator {
    static final int MAX_LENGTH = 500;
    private static final int DISPLAY_SCALE = 10;
    private static final MathContext SCIENTIFIC = new MathContext(20, RoundingMode.HALF_EVEN);
    private static final String NUMBER = "(\\d+(?:\\.\\d+)?)";
    private static final Pattern THOUSANDS = Pattern.compile("(\\d),(\\d{3})(?!\\d)");
    private static final Pattern PERCENT_OFF = Pattern.compile(NUMBER + "\\s*%\\s*off\\s*(?:of\\s*)?" + NUMBER);
    private static final Pattern PERCENT_OF = Pattern.compile(NUMBER + "\\s*%\\s*of\\b");
    private static final Pattern ADD_PERCENT =
            Pattern.compile(NUMBER + "\\s*([+-])\\s*" + NUMBER + "\\s*%(?!\\s*[\\d(])");
    private static final Pattern PERCENT = Pattern.compile(NUMBER + "\\s*%(?!\\s*[\\d(])");
    private static final Pattern TIMES_X = Pattern.compile("(?<=[\\d)])\\s*x\\s*(?=[\\d(])");

    /** The expression as the person wrote it, and its value, e.g. "17% of 240" and "40.8". */
    public record Calculation(String expression, String value) {
        @Override
        public String toString() {
            return expression + " = " + value;
        }
    }

    public Calculation calculate(String input) throws CalculationException {
        String expression = input == null ? "" : input.strip();
        if (expression.isEmpty()) {
            throw new CalculationException("there is no expression to calculate");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new CalculationException("the expression is longer than " + MAX_LENGTH + " characters");
        }
        String rewritten = rewrite(expression);
        try {
            Expression parsed = new Expression(rewritten, BoundedArithmetic.CONFIGURATION);
            BoundedArithmetic.checkLiterals(parsed);
            EvaluationValue value = parsed.evaluate();
            if (!value.isNumberValue()) {
                throw new CalculationException("'" + expression + "' is not arithmetic");
            }
            return new Calculation(expression, display(BoundedArithmetic.checked(value.getNumberValue())));
        } catch (ParseException | EvaluationException | BoundedArithmetic.OutOfBounds e) {
            throw new CalculationException("cannot calculate '" + expression + "': " + e.getMessage());
        } catch (ArithmeticException e) {
            throw new CalculationException("cannot calculate '" + expression + "': the number is too large");
        }
    }

    /** Turns what people write into what EvalEx reads. */
    static String rewrite(String expression) {
        String text = expression
                .toLowerCase(Locale.ROOT)
                .replace('×', '*')
                .replace('÷', '/')
                .replace('−', '-')
                .replace("**", "^")
                .replace("multiplied by", "*")
                .replace("divided by", "/")
                .replace("to the power of", "^")
                .replace("times", "*")
                .replace("plus", "+")
                .replace("minus", "-")
                .replace("squared", "^2");
        text = THOUSANDS.matcher(text).replaceAll("$1$2");
        text = TIMES_X.matcher(text).replaceAll(" * ");
        text = PERCENT_OFF.matcher(text).replaceAll("($2 * (1 - $1 / 100))");
        text = PERCENT_OF.matcher(text).replaceAll("($1 / 100) *");
        text = ADD_PERCENT.matcher(text).replaceAll(Calculator::addPercent);
        text = PERCENT.matcher(text).replaceAll("($1 / 100)");
        return text.strip();
    }

    /** "80 - 15%" means 15% less than 80, as on a receipt, not 80 - 0.15. */
    private static String addPercent(MatchResult match) {
        return "(" + match.group(1) + " * (1 " + match.group(2) + " " + match.group(3) + " / 100))";
    }

    /** Exact digits while the precision keeps them all; beyond, scientific notation with a bounded mantissa. */
    private static String display(BigDecimal value) {
        if (value.signum() != 0 && value.precision() - value.scale() > BoundedArithmetic.MOST_DIGITS) {
            return value.round(SCIENTIFIC).toString();
        }
        BigDecimal rounded =
                value.setScale(DISPLAY_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }

    /** An expression that cannot be calculated; the message says why, for a person or a model to read. */
    public static class CalculationException extends Exception {
        public CalculationException(String message) {
            super(message);
        }
    }
}
