package dev.artie.cli.status;

import dev.artie.cli.Secrets;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.HashMap;
import java.util.Map;

/** Redis as a component: its version, memory and persistence, or why it is not usable. */
public final class RedisProbe {
    private RedisProbe() {}

    public static ComponentStatus probe(String url, RedisCommands<String, String> redis) {
        try {
            redis.ping();
            Map<String, String> info = info(redis.info("server") + redis.info("memory") + redis.info("persistence"));
            String details = "redis " + info.getOrDefault("redis_version", "?") + " at " + Secrets.mask(url)
                    + ", " + info.getOrDefault("used_memory_human", "?") + " used, append-only file "
                    + ("1".equals(info.get("aof_enabled")) ? "on" : "off");
            return new ComponentStatus("redis", ComponentState.ONLINE, details);
        } catch (RedisCommandExecutionException e) {
            // Reachable but refusing work: loading its data, wrong password, out of memory.
            return new ComponentStatus(
                    "redis", ComponentState.DEGRADED, Secrets.mask(url) + ": " + Secrets.mask(e.getMessage()));
        }
    }

    public static ComponentStatus unreachable(String url, Exception e) {
        return new ComponentStatus(
                "redis",
                ComponentState.OFFLINE,
                "no answer from " + Secrets.mask(url) + " (" + Secrets.mask(rootMessage(e)) + ")");
    }

    private static Map<String, String> info(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return values;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
