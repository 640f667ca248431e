package dev.artie.capabilities.calculator;

import dev.artie.capabilities.capability.Capability;
import dev.artie.capabilities.capability.CapabilityAction;
import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Exact arithmetic, percentages included, so the model never has to guess a sum. */
@Singleton
public class CalculatorCapability implements Capability {
    public static final String NAME = "calculator";
    public static final String CALCULATE = "calculate";

    private final Calculator calculator = new Calculator();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Evaluates arithmetic exactly: + - * / ^, parentheses, sqrt(), and percentages such as "
                + "'17% of 240', '240 * 17%', '15% off 80'.";
    }

    @Override
    public List<CapabilityAction> actions() {
        return List.of(CapabilityAction.withTextArgument(
                CALCULATE,
                "Calculate an arithmetic expression",
                "expression",
                "the expression, e.g. 17% of 240",
                true));
    }

    @Override
    public String execute(String action, Map<String, Object> arguments, CapabilityContext context)
            throws CapabilityException {
        Object expression = arguments.get("expression");
        if (expression == null) {
            throw new CapabilityException("calculate needs an expression, e.g. {\"expression\": \"2+2\"}");
        }
        try {
            return calculator.calculate(expression.toString()).toString();
        } catch (Calculator.CalculationException e) {
            throw new CapabilityException(e.getMessage());
        }
    }

    /** The output is "expression = value" ({@link Calculator.Calculation}). */
    @Override
    public Optional<String> exactValue(String action, String output) {
        return Capability.valueAfterEquals(output);
    }
}
