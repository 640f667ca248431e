package dev.artie.cli.status;

import dev.artie.cli.CliCommand;
import dev.artie.cli.StackOptions;
import dev.artie.cli.StackTarget;
import dev.artie.cli.stack.StackFile;
import dev.artie.cli.stack.StackLayout;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Mixin;

/** {@code ./artie status}: the whole stack in one view; exits non-zero when a component is not ONLINE. */
public final class StatusCommand implements CliCommand {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final StackLayout layout;
    private final Map<String, String> env;

    @Mixin
    private StackOptions flags;

    public StatusCommand(StackLayout layout, Map<String, String> env) {
        this.layout = layout;
        this.env = env;
    }

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String help() {
        return """
                status: health of every component (ONLINE / DEGRADED / OFFLINE), streams, pending entries, dead letters
                  ./artie status [--redis-url URL] [--port SERVICE=PORT]... [--url SERVICE=URL]...
                  Finds a running ./artie up by itself; else REDIS_URL and the default ports. Exit code 1 when a
                  component is not ONLINE.""";
    }

    @Override
    public int run(PrintStream out) {
        StackTarget target = new StackTarget(flags, env, StackFile.readLive(layout.stackFile()));
        StatusReport report = new StackStatus(new HealthProbe(PROBE_TIMEOUT), env).collect(target);
        report.print(out);
        return report.allOnline() ? 0 : 1;
    }
}
