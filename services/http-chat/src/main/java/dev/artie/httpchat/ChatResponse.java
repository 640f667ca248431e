package dev.artie.httpchat;

import io.micronaut.serde.annotation.Serdeable;

/** Answer of `POST /api/chat`: the reply, and the ids that find it in the logs. */
@Serdeable
public record ChatResponse(String reply, boolean offline, String messageId, String correlationId) {}
