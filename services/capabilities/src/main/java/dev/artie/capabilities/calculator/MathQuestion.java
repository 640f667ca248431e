package dev.artie.capabilities.calculator;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds arithmetic in plain language ("what is 17% of 240?", "what's 12*7", "calculate 2^10", "15% off 80"), so
 * the calculator runs without any tag syntax. Only text made of numbers, operators and a few known words counts:
 * "I am 30 years old" is not a sum.
 */
public final class MathQuestion {
    private static final List<String> LEAD_INS =
            List.of("what is", "what's", "whats", "how much is", "calculate", "compute", "evaluate", "solve");
    private static final Set<String> MATH_WORDS = Set.of(
            "of",
            "off",
            "x",
            "plus",
            "minus",
            "times",
            "multiplied",
            "divided",
            "by",
            "to",
            "the",
            "power",
            "squared",
            "sqrt",
            "abs",
            "round",
            "floor",
            "ceiling",
            "log",
            "sin",
            "cos",
            "tan",
            "min",
            "max",
            "pi");
    /** Math words that do not make an operation on their own ("to the power of" does through "power"). */
    private static final Set<String> CONNECTING_WORDS = Set.of("to", "the", "by", "pi");

    private static final String OPERATORS = "+-*/^%×÷−";

    private MathQuestion() {}

    /** The expression asked about, if the text asks for arithmetic. */
    public static Optional<String> find(String text) {
        if (text == null || text.length() > Calculator.MAX_LENGTH) {
            return Optional.empty();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        String candidate = text;
        for (String leadIn : LEAD_INS) {
            int at = wordIndex(lower, leadIn);
            if (at >= 0) {
                candidate = text.substring(at + leadIn.length());
                break;
            }
        }
        int question = candidate.indexOf('?');
        if (question >= 0) {
            candidate = candidate.substring(0, question);
        }
        candidate = trimPunctuation(candidate);
        return isArithmetic(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    static boolean isArithmetic(String candidate) {
        boolean digit = false;
        boolean operator = false;
        StringBuilder word = new StringBuilder();
        for (char c : (candidate + " ").toCharArray()) {
            if (Character.isLetter(c)) {
                word.append(Character.toLowerCase(c));
                continue;
            }
            if (!word.isEmpty()) {
                String w = word.toString();
                if (!MATH_WORDS.contains(w)) {
                    return false;
                }
                operator |= !CONNECTING_WORDS.contains(w);
                word.setLength(0);
            }
            if (Character.isDigit(c)) {
                digit = true;
            } else if (OPERATORS.indexOf(c) >= 0) {
                operator = true;
            } else if (!Character.isWhitespace(c) && "().,".indexOf(c) < 0) {
                return false;
            }
        }
        return digit && operator;
    }

    private static int wordIndex(String text, String phrase) {
        int at = text.indexOf(phrase);
        while (at >= 0) {
            boolean startsWord = at == 0 || !Character.isLetter(text.charAt(at - 1));
            if (startsWord) {
                return at;
            }
            at = text.indexOf(phrase, at + 1);
        }
        return -1;
    }

    private static String trimPunctuation(String text) {
        String trimmed = text.strip();
        while (!trimmed.isEmpty() && ".!=:,;".indexOf(trimmed.charAt(trimmed.length() - 1)) >= 0) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        while (!trimmed.isEmpty() && ":,;".indexOf(trimmed.charAt(0)) >= 0) {
            trimmed = trimmed.substring(1).strip();
        }
        return trimmed;
    }
}
