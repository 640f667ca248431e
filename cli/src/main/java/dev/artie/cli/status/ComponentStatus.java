package dev.artie.cli.status;

/** One component of the stack and what its health check said. */
public record ComponentStatus(String name, ComponentState state, String details) {}
