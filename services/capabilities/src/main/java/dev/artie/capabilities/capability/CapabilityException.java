package dev.artie.capabilities.capability;

/** A capability call that cannot be done (bad input, unknown action); its message is fed back to the model. */
public class CapabilityException extends Exception {
    public CapabilityException(String message) {
        super(message);
    }

    public CapabilityException(String message, Throwable cause) {
        super(message, cause);
    }
}
