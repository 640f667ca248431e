package dev.artie.capabilities;

import dev.artie.shared.config.ServiceMain;

/** The capabilities service: reads what people said from the incoming stream, thinks with a model and its capabilities, replies. */
public class CapabilitiesApplication {
    public static void main(String[] args) {
        ServiceMain.run(CapabilitiesApplication.class, args);
    }
}
