package dev.artie.capabilities.capability;

import java.util.Map;

/** Reading a call's arguments, which arrive as JSON values of any type (a model may send 10 or "10"). */
public final class Arguments {
    private Arguments() {}

    /** The argument as stripped text; empty when it is missing. */
    public static String text(Map<String, Object> arguments, String name) {
        Object value = arguments.get(name);
        return value == null ? "" : value.toString().strip();
    }
}
