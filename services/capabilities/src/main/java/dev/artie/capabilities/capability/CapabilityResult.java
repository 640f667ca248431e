package dev.artie.capabilities.capability;

import io.micronaut.core.annotation.Nullable;

/**
 * What one capability call produced: its output, or the error the model should see.
 *
 * @param exactValue the value an answer built on this output must state, where the capability computed it exactly
 *                   ({@link Capability#exactValue}); null otherwise
 */
public record CapabilityResult(
        CapabilityCall call,
        boolean ok,
        String output,
        @Nullable String exactValue) {

    public static CapabilityResult failed(CapabilityCall call, String reason) {
        return new CapabilityResult(call, false, reason, null);
    }

    /** The line fed back to the model and shown in an offline reply. */
    public String describe() {
        return ok ? output : call.label() + " failed: " + output;
    }
}
