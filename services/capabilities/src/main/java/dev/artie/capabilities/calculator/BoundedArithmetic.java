package dev.artie.capabilities.calculator;

import com.ezylang.evalex.EvaluationException;
import com.ezylang.evalex.Expression;
import com.ezylang.evalex.config.ExpressionConfiguration;
import com.ezylang.evalex.config.FunctionDictionaryIfc;
import com.ezylang.evalex.config.MapBasedFunctionDictionary;
import com.ezylang.evalex.config.MapBasedOperatorDictionary;
import com.ezylang.evalex.config.OperatorDictionaryIfc;
import com.ezylang.evalex.data.EvaluationValue;
import com.ezylang.evalex.functions.FunctionIfc;
import com.ezylang.evalex.functions.FunctionParameterDefinition;
import com.ezylang.evalex.operators.OperatorIfc;
import com.ezylang.evalex.parser.ASTNode;
import com.ezylang.evalex.parser.ParseException;
import com.ezylang.evalex.parser.Token;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * EvalEx set up so that no expression can make it work for long. Its arithmetic rounds to a fixed precision, which
 * is cheap however large the numbers get, but a number's size is not bounded: 9^9^9 is a 68-digit mantissa times
 * 10^369693031, and anything that needs it exactly (showing it, FLOOR, %, a factorial's loop) then works for
 * minutes and cannot be interrupted. So every value going into and coming out of each operator and function must lie
 * within 10^±{@value #LARGEST_EXPONENT}, the factorial and ROUND's decimal places are bounded before they run, number
 * literals are limited to {@value #MOST_DIGITS} digits (more would be rounded, silently), nesting is bounded, and
 * only the arithmetic functions are offered (no string or date functions).
 */
final class BoundedArithmetic {
    /** Values must be below 10^1000 and above 10^-1000 in size (or zero). */
    static final int LARGEST_EXPONENT = 1000;
    /** EvalEx's precision is 68 digits; a longer number could not be calculated exactly. */
    static final int MOST_DIGITS = 60;
    /** Operators and functions inside one another; parentheses alone do not count. */
    static final int DEEPEST_NESTING = 50;
    /** n! for n above this is beyond 10^1000 anyway. */
    private static final int LARGEST_FACTORIAL = 450;

    private static final Set<String> FUNCTION_PACKAGES =
            Set.of("com.ezylang.evalex.functions.basic", "com.ezylang.evalex.functions.trigonometric");

    static final ExpressionConfiguration CONFIGURATION = configuration();

    private BoundedArithmetic() {}

    /** Why an expression was refused; thrown from inside an evaluation, so unchecked. */
    static final class OutOfBounds extends RuntimeException {
        OutOfBounds(String message) {
            super(message, null, false, false);
        }
    }

    private static ExpressionConfiguration configuration() {
        ExpressionConfiguration defaults = ExpressionConfiguration.defaultConfiguration();
        OperatorDictionaryIfc operators = new MapBasedOperatorDictionary();
        OperatorDictionaryIfc defaultOperators = defaults.getOperatorDictionary();
        defaultOperators
                .getAvailablePrefixOperatorNames()
                .forEach(name -> operators.addOperator(name, new Bounded(defaultOperators.getPrefixOperator(name))));
        defaultOperators
                .getAvailablePostfixOperatorNames()
                .forEach(name -> operators.addOperator(name, new Bounded(defaultOperators.getPostfixOperator(name))));
        defaultOperators
                .getAvailableInfixOperatorNames()
                .forEach(name -> operators.addOperator(name, new Bounded(defaultOperators.getInfixOperator(name))));
        FunctionDictionaryIfc functions = new MapBasedFunctionDictionary();
        FunctionDictionaryIfc defaultFunctions = defaults.getFunctionDictionary();
        for (String name : defaultFunctions.getAvailableFunctionNames()) {
            FunctionIfc function = defaultFunctions.getFunction(name);
            if (FUNCTION_PACKAGES.contains(function.getClass().getPackageName())) {
                functions.addFunction(name, new BoundedFunction(name, function));
            }
        }
        return defaults.toBuilder()
                .operatorDictionary(operators)
                .functionDictionary(functions)
                .maxRecursionDepth(DEEPEST_NESTING)
                .build();
    }

    /** Refuses number literals with more digits than the arithmetic keeps, before anything is evaluated. */
    static void checkLiterals(Expression expression) throws ParseException {
        for (ASTNode node : expression.getAllASTNodes()) {
            Token token = node.getToken();
            if (token.getType() == Token.TokenType.NUMBER_LITERAL
                    && token.getValue().chars().filter(Character::isDigit).count() > MOST_DIGITS) {
                throw new OutOfBounds(
                        "numbers of more than " + MOST_DIGITS + " digits are too long to calculate " + "exactly");
            }
        }
    }

    /** The value, if its size is within bounds. */
    static BigDecimal checked(BigDecimal value) {
        if (value.signum() == 0) {
            return value;
        }
        long exponent = (long) value.precision() - value.scale() - 1;
        if (exponent >= LARGEST_EXPONENT) {
            throw new OutOfBounds("the result is too large (I calculate up to 10^" + LARGEST_EXPONENT + ")");
        }
        if (exponent <= -LARGEST_EXPONENT) {
            throw new OutOfBounds("a number is too small (I calculate down to 10^-" + LARGEST_EXPONENT + ")");
        }
        return value;
    }

    private static void check(EvaluationValue value) {
        if (value != null && value.isNumberValue()) {
            checked(value.getNumberValue());
        }
    }

    private static void checkAll(EvaluationValue... values) {
        for (EvaluationValue value : values) {
            check(value);
        }
    }

    /** One of EvalEx's operators, with what goes in and out checked. */
    private record Bounded(OperatorIfc operator) implements OperatorIfc {
        @Override
        public EvaluationValue evaluate(Expression expression, Token token, EvaluationValue... operands)
                throws EvaluationException {
            checkAll(operands);
            EvaluationValue result = operator.evaluate(expression, token, operands);
            check(result);
            return result;
        }

        @Override
        public int getPrecedence() {
            return operator.getPrecedence();
        }

        @Override
        public int getPrecedence(ExpressionConfiguration configuration) {
            return operator.getPrecedence(configuration);
        }

        @Override
        public boolean isLeftAssociative() {
            return operator.isLeftAssociative();
        }

        @Override
        public boolean isPrefix() {
            return operator.isPrefix();
        }

        @Override
        public boolean isPostfix() {
            return operator.isPostfix();
        }

        @Override
        public boolean isInfix() {
            return operator.isInfix();
        }

        @Override
        public boolean isOperandLazy() {
            return operator.isOperandLazy();
        }
    }

    /** One of EvalEx's functions, with what goes in and out checked, and the two that loop or scale by an argument bounded. */
    private record BoundedFunction(String name, FunctionIfc function) implements FunctionIfc {
        @Override
        public EvaluationValue evaluate(Expression expression, Token token, EvaluationValue... arguments)
                throws EvaluationException {
            checkAll(arguments);
            if (name.equals("FACT")
                    && arguments[0].isNumberValue()
                    && Math.abs(arguments[0].getNumberValue().doubleValue()) > LARGEST_FACTORIAL) {
                throw new OutOfBounds(
                        "the result is too large (I calculate factorials up to " + LARGEST_FACTORIAL + "!)");
            }
            if (name.equals("ROUND")
                    && arguments[1].isNumberValue()
                    && Math.abs(arguments[1].getNumberValue().doubleValue()) > LARGEST_EXPONENT) {
                throw new OutOfBounds("I round to at most " + LARGEST_EXPONENT + " decimal places");
            }
            EvaluationValue result = function.evaluate(expression, token, arguments);
            check(result);
            return result;
        }

        @Override
        public List<FunctionParameterDefinition> getFunctionParameterDefinitions() {
            return function.getFunctionParameterDefinitions();
        }

        @Override
        public void validatePreEvaluation(Token token, EvaluationValue... arguments) throws EvaluationException {
            function.validatePreEvaluation(token, arguments);
        }

        @Override
        public boolean hasVarArgs() {
            return function.hasVarArgs();
        }

        @Override
        public boolean isParameterLazy(int index) {
            return function.isParameterLazy(index);
        }

        @Override
        public int getCountOfNonVarArgParameters() {
            return function.getCountOfNonVarArgParameters();
        }
    }
}
