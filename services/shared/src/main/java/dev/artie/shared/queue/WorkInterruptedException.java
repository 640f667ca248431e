package dev.artie.shared.queue;

/**
 * The work on an entry was interrupted (the service is stopping and its grace ran out): whatever was half done is
 * dropped, nothing is published, and the entry stays pending for the next consumer. Thrown where an interrupt
 * would otherwise look like an ordinary failure (a model call, for one, would be reported as "offline").
 */
public class WorkInterruptedException extends RuntimeException {
    public WorkInterruptedException(String message) {
        super(message);
    }
}
