package dev.artie.capabilities.capability;

/** What one capability call produced: its output, or the error the model should see. */
public record CapabilityResult(CapabilityCall call, boolean ok, String output) {

    /** The line fed back to the model and shown in an offline reply. */
    public String describe() {
        return ok ? output : call.label() + " failed: " + output;
    }
}
