package io.modelmarket.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.testing.LocalProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged server ({@code target/modelmarket-server-*.jar}, built by the package phase before the
 * integration tests) as a process of its own on 127.0.0.1 and a free port, configured by properties on its
 * command line, with its output in {@code target/server-NAME-PORT.log}. {@link #kill()} is {@code kill -9};
 * {@link #close()} stops it by PID.
 */
public final class ServerProcess implements AutoCloseable {
    /** The operator token every server started here gets: health details may be for operators only. */
    public static final String OPERATOR_TOKEN = "fault-tests-operator-token";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the server jar with {@code properties} ({@code --key=value}) and waits until it answers HTTP. */
    public static ServerProcess start(String name, Map<String, String> properties) {
        int port = LocalProcesses.freePort();
        Path log = Path.of("target", "server-" + name + "-" + port + ".log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar().toString(),
                "--server.port=" + port, "--modelmarket.operator.token=" + OPERATOR_TOKEN));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ServerProcess server = new ServerProcess(name, process, port, log);
            server.awaitAnswer();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start server " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** GET {@code path}; the status code and the body. */
    public HttpResponse<String> get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: GET " + path, e);
        }
    }

    /** {@code /actuator/health} with details (200 when up, 503 when down). */
    public JsonNode health() throws IOException {
        return JSON.readTree(get("/actuator/health").body());
    }

    /** {@code kill -9}: no shutdown hook runs, no transaction commits, the lease is not released. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        LocalProcesses.stop(process);
    }

    private void awaitAnswer() throws IOException {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server " + name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                get("/actuator/health");
                return;
            } catch (IOException notYet) {
                Waits.pause(Duration.ofMillis(250));
            }
        }
        close();
        throw new IllegalStateException("server " + name + " did not answer within " + STARTUP_TIMEOUT + "; see " + log);
    }

    private static Path jar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().matches("modelmarket-server-.*\\.jar")).findFirst().orElseThrow(
                    () -> new IllegalStateException("no target/modelmarket-server-*.jar: the package phase builds it before the integration tests"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The java of this JVM (21 or later, as the server needs). */
    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
