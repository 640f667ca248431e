package dev.artie.capabilities.clock;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A time zone by its IANA name ("Asia/Tokyo") or by the city that names it ("Tokyo", "new york"): people ask for
 * the time in a place, and the JDK's zone list already names the places, so no table of cities is kept here.
 */
public final class TimeZones {
    private static final Map<String, String> BY_CITY = citiesOfTheZones();

    private TimeZones() {}

    public static Optional<ZoneId> named(String name) {
        String wanted = name == null ? "" : name.strip();
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(wanted));
        } catch (DateTimeException e) {
            String city = BY_CITY.get(wanted.toLowerCase(Locale.ROOT).replace('_', ' '));
            return Optional.ofNullable(city).map(ZoneId::of);
        }
    }

    /** "asia/tokyo" and "tokyo" for Asia/Tokyo; "america/argentina/buenos_aires" and "buenos aires" for its zone. */
    private static Map<String, String> citiesOfTheZones() {
        Map<String, String> cities = new HashMap<>();
        for (String id : new TreeSet<>(ZoneId.getAvailableZoneIds())) {
            String lower = id.toLowerCase(Locale.ROOT).replace('_', ' ');
            cities.put(lower, id);
            int slash = lower.lastIndexOf('/');
            // Zones such as Etc/GMT+5 and SystemV/... are offsets, not places; the first zone in
            // alphabetical order naming a city wins, so the answer is the same on every run.
            if (slash > 0 && !lower.startsWith("etc/") && !lower.startsWith("systemv/")) {
                cities.putIfAbsent(lower.substring(slash + 1), id);
            }
        }
        return Map.copyOf(cities);
    }
}
