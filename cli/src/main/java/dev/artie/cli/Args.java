package dev.artie.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's arguments: {@code --name value}, {@code --name=value}, switches such as {@code --all}, and the
 * positional words in order. Hand-written because four small commands do not justify a parsing library.
 */
public final class Args {
    private final List<String> words = new ArrayList<>();
    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();

    private Args() {}

    /** @param switches options that take no value (written without the dashes) */
    public static Args parse(List<String> words, Set<String> switches) {
        Args args = new Args();
        args.words.addAll(words);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (!word.startsWith("--") || word.length() == 2) {
                args.positional.add(word);
                continue;
            }
            String name = word.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (switches.contains(name) || name.equals("help")) {
                value = "true";
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            args.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return args;
    }

    /** The words as given, for a command that parses its own (with picocli). */
    public List<String> words() {
        return words;
    }

    public List<String> positional() {
        return positional;
    }

    public Optional<String> positional(int index) {
        return index < positional.size() ? Optional.of(positional.get(index)) : Optional.empty();
    }

    public Optional<String> option(String name) {
        List<String> values = options.get(name);
        return values == null ? Optional.empty() : Optional.of(values.getLast());
    }

    public List<String> options(String name) {
        return options.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public int intOption(String name, int fallback) {
        String value = option(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, not '" + value + "'");
        }
    }

    /** Fails on options the command does not know, so that a typo is not silently ignored. */
    public Args allowOnly(Set<String> known) {
        for (String name : options.keySet()) {
            if (!known.contains(name) && !name.equals("help")) {
                throw new UsageException("unknown option --" + name);
            }
        }
        return this;
    }
}
