package dev.artie.cli.stack;

import java.nio.file.Path;

/** Where the local stack keeps its state: everything under {@code .artie/} of the directory it runs in. */
public record StackLayout(Path root) {

    public static StackLayout current() {
        return new StackLayout(Path.of("").toAbsolutePath());
    }

    public Path stateDir() {
        return root.resolve(".artie");
    }

    /** The JVM options of every service (a java argument file), also in every image as /app/jvm.options. */
    public Path jvmOptions() {
        return root.resolve("jvm").resolve("jvm.options");
    }

    public Path logs() {
        return stateDir().resolve("logs");
    }

    public Path redisData() {
        return stateDir().resolve("redis");
    }

    /** Class-data archives of the services (see {@link ServiceLauncher}). */
    public Path cds() {
        return stateDir().resolve("cds");
    }

    public Path memoryDb() {
        return stateDir().resolve("memory.db");
    }

    /** The SMS service's durable opt-outs (docs/security.md, "SMS opt-outs"). */
    public Path smsOptOuts() {
        return stateDir().resolve("sms-opt-outs.db");
    }

    public Path stackFile() {
        return stateDir().resolve("stack.properties");
    }
}
