package dev.artie.cli.status;

import dev.artie.shared.queue.OldestPending;
import dev.artie.shared.queue.Streams;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessages;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Every Artie stream in Redis (per-instance reply streams included), with its groups and pending entries. */
public final class StreamInspector {
    private final RedisCommands<String, String> redis;

    public StreamInspector(RedisCommands<String, String> redis) {
        this.redis = redis;
    }

    /** The incoming stream first, then the reply streams, then the dead-letter stream. */
    public List<StreamStatus> inspect() {
        TreeSet<String> names =
                new TreeSet<>(Comparator.comparingInt(StreamInspector::rank).thenComparing(Comparator.naturalOrder()));
        names.addAll(scanStreams());
        long nowMillis = OldestPending.redisNowMillis(redis);
        List<StreamStatus> streams = new ArrayList<>();
        for (String name : names) {
            streams.add(new StreamStatus(name, redis.xlen(name), groups(name, nowMillis)));
        }
        return streams;
    }

    private List<String> scanStreams() {
        List<String> keys = new ArrayList<>();
        KeyScanArgs args = new KeyScanArgs().match("artie:*").type("stream").limit(500);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, args);
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    private List<StreamStatus.Group> groups(String stream, long nowMillis) {
        List<StreamStatus.Group> groups = new ArrayList<>();
        for (Object raw : redis.xinfoGroups(stream)) {
            Map<String, Object> info = pairs((List<?>) raw);
            String name = String.valueOf(info.get("name"));
            // The count and the oldest id come from one XPENDING reply: XINFO's count may be stale by the time a
            // second command runs (entries acknowledged in between leave no oldest id).
            PendingMessages summary = redis.xpending(stream, name);
            groups.add(new StreamStatus.Group(
                    name, number(info.get("consumers")), summary.getCount(), OldestPending.age(summary, nowMillis)));
        }
        return groups;
    }

    private static Map<String, Object> pairs(List<?> flat) {
        Map<String, Object> map = new java.util.HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(String.valueOf(flat.get(i)), flat.get(i + 1));
        }
        return map;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : value == null ? 0 : Long.parseLong(value.toString());
    }

    private static int rank(String stream) {
        if (stream.equals(Streams.INCOMING)) {
            return 0;
        }
        return stream.equals(Streams.DEAD_LETTER) ? 2 : 1;
    }
}
