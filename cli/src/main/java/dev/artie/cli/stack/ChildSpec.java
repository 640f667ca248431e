package dev.artie.cli.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A process the supervisor keeps running.
 *
 * @param env the child's whole environment (not added to the supervisor's own)
 * @param log file that receives the child's output, appended across restarts
 */
public record ChildSpec(String name, List<String> command, Map<String, String> env, Path directory, Path log) {
    public ChildSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }

    public ChildSpec withLog(Path otherLog) {
        return new ChildSpec(name, command, env, directory, otherLog);
    }
}
