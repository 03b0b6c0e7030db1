package io.modelmarket.testing;

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

/**
 * A development EVM node on 127.0.0.1 and a free port, started from the repository's own node_modules and
 * stopped, with every process it started, on {@link #close()}: Hardhat's by default, or Anvil (a second,
 * independent EVM client, with real reorganizations) when the build sets {@code -Dmodelmarket.test.chain=anvil}.
 * Both use the same chain id (31337) and the same funded test accounts. Output goes to
 * {@code target/NAME-node-PORT.log}.
 */
public abstract sealed class EvmNode implements AutoCloseable permits HardhatNode, AnvilNode {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // neither node takes an h2c upgrade
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final Process process;
    private final int port;

    EvmNode(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the node this test run uses (see the class comment) and waits until it answers JSON-RPC. */
    public static EvmNode start() {
        return "anvil".equals(System.getProperty("modelmarket.test.chain")) ? AnvilNode.start() : HardhatNode.start();
    }

    /** Starts {@code executable} from node_modules/.bin with {@code arguments} and waits until it answers. */
    static Process launch(String name, String executable, int port, List<String> arguments) {
        Path root = repositoryRoot();
        Path bin = root.resolve("node_modules/.bin");
        if (!Files.isExecutable(bin.resolve(executable))) {
            throw new IllegalStateException("no " + bin.resolve(executable) + ": run 'npm install --no-audit --no-fund' first");
        }
        try {
            Path log = Path.of("target", name + "-node-" + port + ".log");
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>(List.of(bin.resolve(executable).toString()));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // `node` in node_modules/.bin is Node 22, which Hardhat 3 needs.
            builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            Process process = builder.start();
            awaitReady(process, "http://127.0.0.1:" + port, name, log);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the " + name + " node", e);
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
        rpc("evm_increaseTime", "[" + seconds + "]");
        rpc("evm_mine", "[]");
    }

    /** Saves the chain's state; {@link #revert} returns to it ({@code evm_snapshot}). */
    public String snapshot() {
        return rpc("evm_snapshot", "[]").replaceAll(".*\"result\"\\s*:\\s*\"([^\"]+)\".*", "$1").strip();
    }

    /** Drops every block after {@code snapshot} ({@code evm_revert}). */
    public void revert(String snapshot) {
        rpc("evm_revert", "[\"" + snapshot + "\"]");
    }

    /** Mines {@code count} empty blocks. */
    public void mine(int count) {
        for (int i = 0; i < count; i++) {
            rpc("evm_mine", "[]");
        }
    }

    /** Sends one JSON-RPC call and returns the response body; a JSON-RPC error is an exception. */
    String rpc(String method, String params) {
        try {
            return call(rpcUrl(), method, params);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " failed", e);
        }
    }

    private static String call(String url, String method, String params) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
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

    private static void awaitReady(Process process, String url, String name, Path log) {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the " + name + " node exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            try {
                call(url, "eth_chainId", "[]");
                return;
            } catch (IOException notYet) {
                sleep(Duration.ofMillis(250));
            }
        }
        LocalProcesses.stop(process);
        throw new IllegalStateException("the " + name + " node did not answer within " + STARTUP_TIMEOUT + "; see " + log.toAbsolutePath());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
