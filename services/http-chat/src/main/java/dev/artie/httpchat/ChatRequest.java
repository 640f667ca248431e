package dev.artie.httpchat;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Body of `POST /api/chat`. */
@Serdeable
public record ChatRequest(
        @Nullable String userId,
        @Nullable String message,
        @Nullable String conversationId) {}
