package dev.artie.capabilities.model;

/**
 * Where a streaming model's text goes while it arrives (docs/queue.md, "Partial replies"). Called on the HTTP
 * client's thread; an implementation returns quickly and never throws.
 */
public interface PartialText {
    /** Nobody is waiting for partial text. */
    PartialText NONE = new PartialText() {
        @Override
        public void text(String soFar) {}

        @Override
        public void reset() {}
    };

    /** The model's text so far (the whole of it, not the new piece). */
    void text(String soFar);

    /** The text shown so far is void: the model that streamed it failed, and the next one starts again. */
    void reset();
}
