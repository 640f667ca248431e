package dev.artie.email;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code Authentication-Results} header (RFC 8601), as far as Artie needs it: the authserv-id of the server that
 * added it, and each method's result with its properties ({@code dkim=pass header.d=example.com}). Comments are
 * dropped, quoted strings kept whole, names lower-cased; a header that does not follow the grammar parses to
 * nothing rather than to a guess.
 */
record AuthenticationResults(String authservId, List<Result> results) {

    /** One {@code method=result} with its {@code ptype.property=value} pairs (and {@code reason}). */
    record Result(String method, String result, Map<String, String> properties) {
        String property(String name) {
            return properties.get(name);
        }
    }

    static Optional<AuthenticationResults> parse(String header) {
        List<List<String>> parts = split(tokens(header));
        if (parts == null || parts.isEmpty() || parts.getFirst().isEmpty()) {
            return Optional.empty();
        }
        List<String> id = parts.getFirst();
        // authserv-id [ CFWS authres-version ]
        if (id.size() > 2
                || id.contains("=")
                || (id.size() == 2 && !id.get(1).chars().allMatch(Character::isDigit))) {
            return Optional.empty();
        }
        List<Result> results = new ArrayList<>();
        for (List<String> resinfo : parts.subList(1, parts.size())) {
            if (resinfo.size() == 1 && resinfo.getFirst().equalsIgnoreCase("none") && parts.size() == 2) {
                break;
            }
            Optional<Result> result = result(resinfo);
            if (result.isEmpty()) {
                return Optional.empty();
            }
            results.add(result.get());
        }
        return Optional.of(new AuthenticationResults(id.getFirst().toLowerCase(Locale.ROOT), List.copyOf(results)));
    }

    /** {@code method[/version] = result [reason = value] *(ptype.property = value)}, as name, "=", value triples. */
    private static Optional<Result> result(List<String> tokens) {
        if (tokens.size() < 3 || tokens.size() % 3 != 0) {
            return Optional.empty();
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i += 3) {
            if (!tokens.get(i + 1).equals("=")
                    || tokens.get(i).equals("=")
                    || tokens.get(i + 2).equals("=")) {
                return Optional.empty();
            }
            if (i > 0) {
                properties.put(tokens.get(i).toLowerCase(Locale.ROOT), tokens.get(i + 2));
            }
        }
        String method = tokens.getFirst().toLowerCase(Locale.ROOT);
        int version = method.indexOf('/');
        return Optional.of(new Result(
                version < 0 ? method : method.substring(0, version),
                tokens.get(2).toLowerCase(Locale.ROOT),
                properties));
    }

    /** The tokens between semicolons (a trailing one, which some servers write, is allowed); null for an empty part. */
    private static List<List<String>> split(List<String> tokens) {
        if (tokens == null) {
            return null;
        }
        List<List<String>> parts = new ArrayList<>();
        List<String> part = new ArrayList<>();
        for (String token : tokens) {
            if (token.equals(";")) {
                parts.add(part);
                part = new ArrayList<>();
            } else {
                part.add(token);
            }
        }
        if (!part.isEmpty() || parts.isEmpty()) {
            parts.add(part);
        }
        return parts.stream().anyMatch(List::isEmpty) ? null : parts;
    }

    /**
     * Words, quoted strings (unquoted), {@code =} and {@code ;}; comments in parentheses (nested, with escapes)
     * dropped. Null when a quote or comment is not closed.
     */
    private static List<String> tokens(String header) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int i = 0;
        while (i < header.length()) {
            char c = header.charAt(i);
            if (c == '(') {
                int depth = 0;
                do {
                    char d = header.charAt(i);
                    if (d == '\\') {
                        i++;
                    } else if (d == '(') {
                        depth++;
                    } else if (d == ')') {
                        depth--;
                    }
                    i++;
                } while (depth > 0 && i < header.length());
                if (depth > 0) {
                    return null;
                }
                flush(word, tokens);
                continue;
            }
            if (c == '"') {
                StringBuilder quoted = new StringBuilder();
                i++;
                while (i < header.length() && header.charAt(i) != '"') {
                    if (header.charAt(i) == '\\' && i + 1 < header.length()) {
                        i++;
                    }
                    quoted.append(header.charAt(i++));
                }
                if (i >= header.length()) {
                    return null;
                }
                i++;
                if (quoted.toString().equals(";") || quoted.toString().equals("=")) {
                    return null; // would read as a separator; no real header quotes one alone
                }
                flush(word, tokens);
                tokens.add(quoted.toString());
                continue;
            }
            if (c == ';' || c == '=') {
                flush(word, tokens);
                tokens.add(String.valueOf(c));
            } else if (Character.isWhitespace(c)) {
                flush(word, tokens);
            } else {
                word.append(c);
            }
            i++;
        }
        flush(word, tokens);
        return tokens;
    }

    private static void flush(StringBuilder word, List<String> tokens) {
        if (!word.isEmpty()) {
            tokens.add(word.toString());
            word.setLength(0);
        }
    }
}
