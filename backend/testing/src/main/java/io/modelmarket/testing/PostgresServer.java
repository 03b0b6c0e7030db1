package io.modelmarket.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: Debian's server binaries ({@code /usr/lib/postgresql/VERSION/bin}),
 * a cluster made with {@code initdb} in a fresh temporary folder, listening on 127.0.0.1 and a free port
 * only, with trust authentication for the user {@value #USER}. {@link #close()} stops the postmaster by
 * its PID (a fast shutdown, SIGINT) and deletes the folder.
 *
 * <p>PostgreSQL refuses to run as root, so when the tests run as root (CI here does) the cluster belongs to
 * the {@code postgres} account that Debian's package creates, and both programs run through
 * {@code runuser}. Durability is switched off ({@code fsync=off}): a test database need not survive a power
 * cut, and it makes every commit cheap.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "modelmarket";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");

    private final Path folder;
    private final Path dataDirectory;
    private final int port;
    private final List<String> runAs;
    private Process process;

    private PostgresServer(Path folder, int port, List<String> runAs) {
        this.folder = folder;
        this.dataDirectory = folder.resolve("data");
        this.port = port;
        this.runAs = runAs;
    }

    /** Makes a cluster in a temporary folder, starts it, and waits until it takes connections. */
    public static PostgresServer start() {
        Path binaries = binaries();
        try {
            Path folder = Files.createTempDirectory("modelmarket-postgres-");
            List<String> runAs = runningAsRoot() ? List.of("runuser", "-u", "postgres", "--") : List.of();
            if (!runAs.isEmpty()) {
                run(List.of("chown", "postgres:postgres", folder.toString()), folder.resolve("chown.log"));
            }
            PostgresServer server = new PostgresServer(folder, LocalProcesses.freePort(), runAs);
            server.initdb(binaries);
            server.launch(binaries);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL", e);
        }
    }

    /** The JDBC URL of database {@code name} on this server. */
    public String jdbcUrl(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    /** Creates an empty database {@code name} (lower case letters, digits and underscores) and returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try {
            run(command(binaries().resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, name),
                    folder.resolve("createdb.log"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create database " + name, e);
        }
        return jdbcUrl(name);
    }

    public int port() {
        return port;
    }

    /** The postmaster's PID, from the first line of {@code postmaster.pid}. */
    public long pid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().strip());
    }

    /**
     * Stops the postmaster (fast shutdown: open connections are closed) and keeps the cluster, so that
     * {@link #restart()} brings the same databases back on the same port: a database outage for tests.
     */
    public void stop() {
        try {
            if (process != null && process.isAlive()) {
                ProcessHandle.of(pid()).ifPresent(postmaster -> interrupt(postmaster.pid()));
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    LocalProcesses.stop(process);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL in " + folder, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the postmaster again after {@link #stop()}, on the same port and data, and waits until it takes connections. */
    public void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is running; stop() it first");
        }
        try {
            Files.deleteIfExists(folder.resolve("postgres.log")); // launch() waits for "ready" in a fresh log
            launch(binaries());
        } catch (IOException e) {
            throw new UncheckedIOException("could not restart PostgreSQL in " + folder, e);
        }
    }

    /** Stops the server and deletes its folder. */
    @Override
    public void close() {
        stop();
        try {
            deleteFolder();
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + folder, e);
        }
    }

    private void initdb(Path binaries) throws IOException {
        run(command(binaries.resolve("initdb").toString(), "-D", dataDirectory.toString(), "-U", USER, "--auth=trust",
                "-E", "UTF8", "--locale=C", "--no-sync"), folder.resolve("initdb.log"));
    }

    private void launch(Path binaries) throws IOException {
        Path log = folder.resolve("postgres.log");
        process = new ProcessBuilder(command(binaries.resolve("postgres").toString(), "-D", dataDirectory.toString(),
                        "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + folder,
                        "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            if (Files.readString(log).contains("ready to accept connections")) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        close();
        throw new IllegalStateException("PostgreSQL did not start within " + STARTUP_TIMEOUT);
    }

    private List<String> command(String... words) {
        List<String> command = new ArrayList<>(runAs);
        command.addAll(List.of(words));
        return command;
    }

    /** The newest Debian server binaries, or an error that says which package to install. */
    private static Path binaries() {
        try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("postgres")))
                    .max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""))))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under " + DEBIAN_BINARIES + ": install Debian's postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL server under " + DEBIAN_BINARIES + ": install Debian's postgresql", e);
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                LocalProcesses.stop(process);
                throw new IOException(String.join(" ", command) + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** SIGINT is PostgreSQL's fast shutdown; Java can only send SIGTERM (smart: waits for every client). */
    private static void interrupt(long pid) {
        try {
            new ProcessBuilder("kill", "-INT", String.valueOf(pid)).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not signal PostgreSQL (pid " + pid + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteFolder() throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
