package dev.artie.shared.queue;

/**
 * One entry read from a stream.
 *
 * @param deliveries how many times the stream has handed this entry to a consumer (1 on first read)
 */
public record StreamEntry(String stream, String id, String payload, long deliveries) {}
