package dev.artie.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the machine's packages (Debian's {@code postgresql}, which
 * scripts/test-prerequisites.sh installs), for tests and {@code ./artie bench}: a fresh cluster in its own temporary
 * directory, listening on 127.0.0.1 at a free port with its Unix socket in that directory, a password asked over TCP
 * (so its JDBC URLs carry user and password, as CloudNativePG's {@code jdbc-uri} does), stopped and deleted by
 * {@link #close}. Durability is off (fsync): what it holds is thrown away. PostgreSQL refuses to run as root, so as
 * root (CI) it runs as the {@code postgres} user the package creates. {@code ARTIE_POSTGRES_BIN} names another
 * directory of its programs.
 */
public final class LocalPostgresServer implements AutoCloseable {
    public static final String USER = "artie";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final String RUN_AS_WHEN_ROOT = "postgres";

    private final Path bin;
    private final Path dir;
    private final int port;
    private final String password = newPassword();
    private final Thread stopAtExit = new Thread(this::stop, "stop-local-postgres");
    private boolean running;

    private LocalPostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Makes and starts a new cluster; {@link #close} stops it and deletes its files. */
    public static LocalPostgresServer start() {
        Path bin = findBinaries()
                .orElseThrow(() -> new IllegalStateException("PostgreSQL is not installed (no "
                        + "/usr/lib/postgresql/*/bin, no initdb on the PATH, no ARTIE_POSTGRES_BIN): apt-get install "
                        + "postgresql, or run scripts/test-prerequisites.sh"));
        Path dir;
        try {
            dir = Files.createTempDirectory("artie-postgres");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalPostgresServer server = new LocalPostgresServer(bin, dir, LocalRedisServer.freePort());
        try {
            server.initAndStart();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin}, else the directory of {@code initdb} on the PATH. */
    public static Optional<Path> findBinaries() {
        String override = System.getenv("ARTIE_POSTGRES_BIN");
        if (override != null && !override.isBlank()) {
            return Optional.of(Path.of(override));
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            Optional<Path> packaged = versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(
                            b.getParent().getFileName().toString().replaceAll("\\D.*", "0"))));
            if (packaged.isPresent()) {
                return packaged;
            }
        } catch (IOException | NumberFormatException e) {
            // Not Debian's layout; look on the PATH.
        }
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(Path::of)
                .filter(d -> Files.isExecutable(d.resolve("initdb")))
                .findFirst();
    }

    private void initAndStart() {
        try {
            Path passwordFile = dir.resolve("password");
            Files.writeString(passwordFile, password);
            if (asRoot()) {
                UserPrincipal owner =
                        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(RUN_AS_WHEN_ROOT);
                Files.setOwner(dir, owner);
                Files.setOwner(passwordFile, owner);
            }
            run(
                    "initdb",
                    "-D",
                    data().toString(),
                    "-U",
                    USER,
                    "--pwfile=" + passwordFile,
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256");
            Files.delete(passwordFile);
            run(
                    "pg_ctl",
                    "-D",
                    data().toString(),
                    "-l",
                    log().toString(),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                            + " -c synchronous_commit=off -c full_page_writes=off",
                    "start");
            running = true;
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a PostgreSQL cluster in " + dir, e);
        }
    }

    /** Creates an empty database owned by {@link #USER}; returns its JDBC URL with user and password. */
    public String createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a database name of lower-case letters, digits and _, not " + name);
        }
        run("createdb", "-h", dir.toString(), "-p", Integer.toString(port), "-U", USER, name);
        return jdbcUrl(name);
    }

    /** The JDBC URL of a database of this server, as CloudNativePG's {@code jdbc-uri} has it. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER + "&password=" + password;
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** The server's log, for a test that failed. */
    public Path log() {
        return dir.resolve("postgres.log");
    }

    public synchronized void stop() {
        if (running) {
            running = false;
            try {
                run("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "stop");
            } catch (RuntimeException e) {
                // Already gone; nothing to stop.
            }
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Shutting down already, or never registered.
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    /** Runs one of PostgreSQL's programs to its end (as the postgres user when this is root); fails with its output. */
    private void run(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (asRoot()) {
            command.addAll(List.of("runuser", "-u", RUN_AS_WHEN_ROOT, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Processes.Result result = Processes.run(dir, Duration.ofSeconds(90), command);
        if (result.exitCode() != 0) {
            String log;
            try {
                log = Files.exists(log()) ? "\n" + Files.readString(log()) : "";
            } catch (IOException e) {
                log = "";
            }
            throw new IllegalStateException(program + " failed (exit " + result.exitCode() + "): "
                    + result.output().strip() + log);
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
