package dev.artie.capabilities.conversation;

import dev.artie.capabilities.capability.CapabilityResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a reply in line with what the capabilities computed exactly (docs/architecture.md, "Answers that agree with
 * the capabilities"): small models answer "38" to "what is 17% of 240?" with "17% of 240 = 40.8" in their prompt.
 * A reply that does not state such a value gets the capability's line added, so the person sees the right number.
 */
final class ExactValues {
    /** A number as a reply writes it: "40.8", "1,024", "-3", "16.09". */
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\d.,])-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?(?![\\d,])" + "|(?<![\\d.,])-?\\d+(?:\\.\\d+)?");

    private ExactValues() {}

    /** {@code reply}, with the line of each exact result it does not state added at its end. */
    static String stated(String reply, List<CapabilityResult> results) {
        Set<String> missing = new LinkedHashSet<>();
        for (CapabilityResult result : results) {
            if (result.ok() && result.exactValue() != null && !states(reply, result.exactValue())) {
                missing.add(result.output());
            }
        }
        if (missing.isEmpty()) {
            return reply;
        }
        return (reply.strip() + "\n\n(" + String.join("; ", missing) + ")").strip();
    }

    /**
     * Whether {@code reply} states {@code value}: a number in it equals the value rounded to that number's decimals,
     * with at least one decimal where the value has any ("40.8" and "40.80" state 40.8, "41" does not; "6.2" and
     * "6.21" state 6.21371).
     */
    static boolean states(String reply, String value) {
        BigDecimal exact;
        try {
            exact = new BigDecimal(value);
        } catch (NumberFormatException e) {
            return reply.contains(value);
        }
        int decimalsNeeded = Math.min(Math.max(exact.stripTrailingZeros().scale(), 0), 1);
        Matcher number = NUMBER.matcher(reply);
        while (number.find()) {
            BigDecimal written = new BigDecimal(number.group().replace(",", ""));
            int decimals = Math.max(written.scale(), 0);
            if (decimals >= decimalsNeeded
                    && exact.setScale(decimals, RoundingMode.HALF_UP).compareTo(written) == 0) {
                return true;
            }
        }
        return false;
    }
}
