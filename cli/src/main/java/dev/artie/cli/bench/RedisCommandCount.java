package dev.artie.cli.bench;

import io.lettuce.core.api.sync.RedisCommands;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The commands a Redis served, by name, from {@code INFO commandstats}: the bench's Redis is its own, so what it served
 * between two counts is what the run cost Redis, the round trips of the services included.
 */
record RedisCommandCount(Map<String, Long> calls) {
    private static final Pattern STAT = Pattern.compile("(?m)^cmdstat_([^:]+):calls=(\\d+)");

    static RedisCommandCount of(RedisCommands<String, String> redis) {
        Map<String, Long> calls = new HashMap<>();
        Matcher matcher = STAT.matcher(redis.info("commandstats"));
        while (matcher.find()) {
            calls.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        return new RedisCommandCount(calls);
    }

    /** Per message since {@code before}, in total and for the most called commands, e.g. "9.0 (evalsha 4.0, ...)". */
    String perMessageSince(RedisCommandCount before, int messages, int most) {
        Map<String, Double> perMessage = calls.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        e -> (e.getValue() - before.calls.getOrDefault(e.getKey(), 0L)) / (double) messages));
        double total =
                perMessage.values().stream().mapToDouble(Double::doubleValue).sum();
        return String.format("%.1f", total)
                + perMessage.entrySet().stream()
                        .filter(e -> e.getValue() >= 0.05)
                        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                        .limit(most)
                        .map(e -> String.format("%s %.1f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ", " (", ")"));
    }
}
