package dev.artie.capabilities.capability;

/**
 * A call the capability will not do because it would cross a safety line (a fetch of a private address, say), as
 * opposed to one that failed; counted as {@code outcome="refused"} like calls refused before they run.
 */
public class CapabilityRefusedException extends CapabilityException {
    public CapabilityRefusedException(String message) {
        super(message);
    }
}
