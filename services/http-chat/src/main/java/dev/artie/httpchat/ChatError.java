package dev.artie.httpchat;

import io.micronaut.serde.annotation.Serdeable;

/** The one error shape of the HTTP chat API: a stable code for programs and a sentence for people. */
@Serdeable
public record ChatError(String error, String message) {}
