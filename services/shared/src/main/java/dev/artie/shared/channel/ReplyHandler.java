package dev.artie.shared.channel;

import dev.artie.shared.queue.ReplyMessage;

/** Delivers one reply to a person; throwing makes the queue retry it (and dead-letter it after the last attempt). */
@FunctionalInterface
public interface ReplyHandler {
    void deliver(ReplyMessage reply) throws Exception;
}
