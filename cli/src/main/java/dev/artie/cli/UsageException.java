package dev.artie.cli;

/** The command line was wrong; the message says how, and the command's help follows it. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
