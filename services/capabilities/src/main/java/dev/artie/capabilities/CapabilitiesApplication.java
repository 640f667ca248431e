package dev.artie.capabilities;

import io.micronaut.runtime.Micronaut;

/** The capabilities service: reads what people said from the incoming stream, thinks with a model and its capabilities, replies. */
public class CapabilitiesApplication {
    public static void main(String[] args) {
        Micronaut.run(CapabilitiesApplication.class, args);
    }
}
