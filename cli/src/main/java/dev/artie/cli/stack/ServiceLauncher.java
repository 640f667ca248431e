package dev.artie.cli.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a service of the catalog into the command, environment and log file of a child process. */
public final class ServiceLauncher {
    /** Extra JVM options for every service of the local stack. */
    public static final String JAVA_OPTS = "ARTIE_JAVA_OPTS";

    private final StackLayout layout;
    private final Path java;
    private final Map<String, String> callerEnv;

    public ServiceLauncher(StackLayout layout, Path java, Map<String, String> callerEnv) {
        this.layout = layout;
        this.java = java;
        this.callerEnv = callerEnv;
    }

    /** The java binary running this command line, so that services run on the JDK ./artie picked. */
    public static Path currentJava() {
        return ProcessHandle.current()
                .info()
                .command()
                .map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /**
     * Faster starts. The ahead-of-time cache the build trained next to the jar (JDK 25+, services/pom.xml, profile
     * aot-cache; a JDK other than the one that made it checks and ignores it); else a class-data archive per
     * service, written at the first run's exit and reused.
     */
    private List<String> classCache(ServiceSpec service) {
        Path aot = service.aotCacheIn(layout.root());
        if (Runtime.version().feature() >= 25 && Files.isRegularFile(aot)) {
            return List.of("-XX:AOTCache=" + aot, "-Xlog:aot=off", "-Xlog:cds=off");
        }
        return List.of(
                "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=" + layout.cds().resolve(service.name() + ".jsa"),
                "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off");
    }

    /**
     * @param extraEnv set after everything else (the benchmark points the model at its fake this way)
     */
    public ChildSpec childSpec(ServiceSpec service, int port, String redisUrl, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(callerEnv); // model keys, log settings and the like pass through
        env.put("REDIS_URL", redisUrl);
        env.put("PORT", Integer.toString(port));
        env.put("ARTIE_MEMORY_PATH", layout.memoryDb().toString());
        env.put("ARTIE_SMS_OPT_OUT_PATH", layout.smsOptOuts().toString());
        // A local stack is for the person at this machine: reachable on loopback only, unless they say otherwise.
        env.putIfAbsent("MICRONAUT_SERVER_HOST", "127.0.0.1");
        env.putAll(extraEnv);
        // The services' JVM options, one file shared with the images and the build's training runs.
        List<String> command = new ArrayList<>(List.of(java.toString(), "@" + layout.jvmOptions()));
        command.addAll(classCache(service));
        // Last, so that they win: e.g. -XX:TieredStopAtLevel=1 trades peak speed for memory (docs/local-stack.md).
        String javaOpts = callerEnv.getOrDefault(JAVA_OPTS, "").strip();
        if (!javaOpts.isEmpty()) {
            command.addAll(List.of(javaOpts.split("\\s+")));
        }
        command.addAll(List.of("-jar", service.jarIn(layout.root()).toString()));
        return new ChildSpec(
                service.name(), command, env, layout.root(), layout.logs().resolve(service.name() + ".log"));
    }
}
