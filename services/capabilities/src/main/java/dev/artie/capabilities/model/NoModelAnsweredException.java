package dev.artie.capabilities.model;

/** No model gave an answer in time (or none is configured): the conversation answers offline. */
public class NoModelAnsweredException extends Exception {
    public NoModelAnsweredException(String reason) {
        super(reason);
    }
}
