package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Where the CLI looks for the chain, and what it says when the URL it was given is not the chain: one environment
 * variable per meaning, shared with scripts/dev ({@code MODELMARKET_RPC_URL} a chain that runs already,
 * {@code MODELMARKET_CHAIN_PORT} the port of scripts/dev's own node).
 */
class ChainEndpointTest {
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void withoutAUrlTheCliFindsTheLocalChainOfScriptsDevOnItsPort() {
        assertThat(ChainEndpoint.of(null, Map.of()).url()).isEqualTo("http://127.0.0.1:8545");
        ChainEndpoint otherPort = ChainEndpoint.of(null, Map.of("MODELMARKET_CHAIN_PORT", "9545"));
        assertThat(otherPort.url()).isEqualTo("http://127.0.0.1:9545");
        assertThat(otherPort.source()).isEqualTo("the local chain of scripts/dev, $MODELMARKET_CHAIN_PORT=9545");
        assertThat(otherPort.local()).isTrue();
    }

    @Test
    void aNamedChainComesBeforeTheLocalOne() {
        Map<String, String> environment = Map.of("MODELMARKET_CHAIN_PORT", "9545", "MODELMARKET_RPC_URL", "https://rpc.example.org");
        assertThat(ChainEndpoint.of(null, environment)).isEqualTo(new ChainEndpoint("https://rpc.example.org", "$MODELMARKET_RPC_URL", false));
        assertThat(ChainEndpoint.of("http://127.0.0.1:7545", environment).url()).isEqualTo("http://127.0.0.1:7545");
    }

    @Test
    void aPortThatIsNoneIsNamed() {
        assertThatThrownBy(() -> ChainEndpoint.of(null, Map.of("MODELMARKET_CHAIN_PORT", "eighty")))
                .hasMessage("$MODELMARKET_CHAIN_PORT is 'eighty', not a port (1 to 65535)");
    }

    @Test
    void aUrlWithoutSchemeIsAnsweredWithTheCorrectedUrl() {
        StringWriter err = new StringWriter();
        CommandLine cli = ModelMarketCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("bounty", "list", "--rpc", "127.0.0.1:8545");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo(
                "error: --rpc '127.0.0.1:8545' has no scheme: write http://127.0.0.1:8545 (or https://127.0.0.1:8545 for a node behind TLS)");
        assertThatThrownBy(() -> ChainEndpoint.of(null, Map.of("MODELMARKET_RPC_URL", "localhost:8545")))
                .hasMessageStartingWith("$MODELMARKET_RPC_URL 'localhost:8545' has no scheme: write http://localhost:8545");
        assertThatThrownBy(() -> ChainEndpoint.of("ws://127.0.0.1:8545", Map.of()))
                .hasMessageStartingWith("--rpc 'ws://127.0.0.1:8545' is not an http:// or https:// URL");
    }

    @Test
    void theWebServerGivenAsTheChainIsNamedWithWhereItsChainIs() throws Exception {
        // As a ModelMarket server answers: JSON-RPC's POST is not allowed, /api/config names the chain.
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            boolean config = exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().equals("/api/config");
            byte[] body = (config ? "{\"chainId\":31337,\"rpcUrl\":\"http://127.0.0.1:8545\"}" : "{\"status\":405,\"error\":\"Method Not Allowed\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(config ? 200 : 405, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();

        assertThatThrownBy(() -> ChainEndpoint.of(url, Map.of()).connect()).hasMessage(url + " (--rpc) is not an Ethereum JSON-RPC endpoint:"
                + " it answered eth_chainId with HTTP 405; it is a ModelMarket server, whose chain is at http://127.0.0.1:8545: pass --rpc"
                + " http://127.0.0.1:8545");
        assertThatThrownBy(() -> ChainEndpoint.of(null, Map.of("MODELMARKET_RPC_URL", url)).connect())
                .hasMessageEndingWith("set $MODELMARKET_RPC_URL=http://127.0.0.1:8545, or unset it for scripts/dev's chain");
    }

    @Test
    void aWebPageGivenAsTheChainIsNamedWithWhereScriptsDevsChainIs() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "<!doctype html><title>hello</title>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();

        assertThatThrownBy(() -> ChainEndpoint.of(url, Map.of()).connect()).hasMessageStartingWith(url + " (--rpc) is not an Ethereum JSON-RPC"
                + " endpoint: it answered eth_chainId with something other than JSON-RPC; the chain of scripts/dev is at http://127.0.0.1:");
    }

    @Test
    void noChainAtTheLocalDefaultSaysToStartScriptsDev() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> ChainEndpoint.of(null, Map.of("MODELMARKET_CHAIN_PORT", String.valueOf(freePort))).connect())
                .hasMessageStartingWith("no chain answers at http://127.0.0.1:" + freePort + " (the local chain of scripts/dev, $MODELMARKET_CHAIN_PORT="
                        + freePort + "; ")
                .hasMessageEndingWith("start scripts/dev (with the same $MODELMARKET_CHAIN_PORT if it runs on another port), or pass --rpc URL");
    }
}
