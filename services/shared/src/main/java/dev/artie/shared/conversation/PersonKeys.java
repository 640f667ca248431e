package dev.artie.shared.conversation;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Redis key names made of a person's channel, id and more: each part is escaped ({@code %} as {@code %25},
 * {@code :} as {@code %3A}), so the {@code :} between parts is unambiguous whatever the ids contain ("a:b" + "c" and
 * "a" + "b:c" were one key). A part without either character is written as it is, so the keys of such ids are the
 * same as before the escaping.
 */
public final class PersonKeys {
    private PersonKeys() {}

    public static String of(String prefix, String... parts) {
        return prefix + Arrays.stream(parts).map(PersonKeys::escape).collect(Collectors.joining(":"));
    }

    static String escape(String part) {
        return part == null ? "" : part.replace("%", "%25").replace(":", "%3A");
    }
}
