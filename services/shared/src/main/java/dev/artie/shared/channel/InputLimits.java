package dev.artie.shared.channel;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Locale;

/** {@code ARTIE_MAX_MESSAGE_LENGTH} (docs/configuration.md): the longest message any channel takes in. */
@ConfigurationProperties("artie.input")
public record InputLimits(@Min(1) @Max(100_000) int maxMessageLength) {

    /** The person-facing sentence for a message of {@code length} characters that is over the limit. */
    public String tooLongReply(int length) {
        // Grouped as English writes it ("4,000"), whatever the server's locale: the sentence is English.
        return "Your message is " + String.format(Locale.ROOT, "%,d", length) + " characters long; I can read at most "
                + String.format(Locale.ROOT, "%,d", maxMessageLength) + ". Please send a shorter one.";
    }
}
