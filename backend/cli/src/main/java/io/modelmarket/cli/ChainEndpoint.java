package io.modelmarket.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthChainId;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;

/**
 * The chain's JSON-RPC URL and where it came from: {@code --rpc}, else {@code $MODELMARKET_RPC_URL} (a chain that
 * runs already, the one meaning this variable has for scripts/dev and the CLI alike), else the local node of
 * scripts/dev on 127.0.0.1 at {@code $MODELMARKET_CHAIN_PORT} (the port scripts/dev starts it on, 8545 unless set).
 * A URL that cannot be the chain's is refused with what to write instead.
 *
 * @param source how the URL was given, for messages: {@code --rpc}, {@code $MODELMARKET_RPC_URL}, or the local chain
 * @param local whether the URL is the local default (nothing named a chain)
 */
record ChainEndpoint(String url, String source, boolean local) {
    static final String RPC_URL_VARIABLE = "MODELMARKET_RPC_URL";
    static final String CHAIN_PORT_VARIABLE = "MODELMARKET_CHAIN_PORT";
    static final int DEFAULT_CHAIN_PORT = 8545;
    private static final Pattern HTTP_STATUS = Pattern.compile("Invalid response received: (\\d+)");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    /** The chain's id, and the client connected to it. */
    record Connected(Web3j web3j, long chainId) {}

    /** The endpoint that {@code rpcOption} (null when not given) and the {@code environment} name. */
    static ChainEndpoint of(String rpcOption, Map<String, String> environment) {
        if (rpcOption != null) {
            return new ChainEndpoint(checkedUrl(rpcOption, "--rpc"), "--rpc", false);
        }
        String variable = environment.get(RPC_URL_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return new ChainEndpoint(checkedUrl(variable, "$" + RPC_URL_VARIABLE), "$" + RPC_URL_VARIABLE, false);
        }
        return new ChainEndpoint(localUrl(environment), localSource(environment), true);
    }

    /** The URL of scripts/dev's local chain: its port from {@code $MODELMARKET_CHAIN_PORT}, as scripts/dev takes it. */
    static String localUrl(Map<String, String> environment) {
        String port = environment.get(CHAIN_PORT_VARIABLE);
        if (port == null || port.isBlank()) {
            return "http://127.0.0.1:" + DEFAULT_CHAIN_PORT;
        }
        if (!port.strip().matches("\\d{1,5}") || Integer.parseInt(port.strip()) < 1 || Integer.parseInt(port.strip()) > 65535) {
            throw new IllegalArgumentException("$" + CHAIN_PORT_VARIABLE + " is '" + port + "', not a port (1 to 65535)");
        }
        return "http://127.0.0.1:" + port.strip();
    }

    private static String localSource(Map<String, String> environment) {
        String port = environment.get(CHAIN_PORT_VARIABLE);
        return "the local chain of scripts/dev" + (port == null || port.isBlank() ? "" : ", $" + CHAIN_PORT_VARIABLE + "=" + port.strip());
    }

    /** {@code text} when it is an http(s) URL with a host; otherwise an error that says what to write. */
    static String checkedUrl(String text, String source) {
        String url = text.strip();
        if (!url.contains("://")) {
            throw new IllegalArgumentException(source + " '" + url + "' has no scheme: write http://" + url
                    + " (or https://" + url + " for a node behind TLS)");
        }
        if (!url.matches("(?i)https?://.*")) {
            throw new IllegalArgumentException(source + " '" + url + "' is not an http:// or https:// URL; the chain's JSON-RPC endpoint is,"
                    + " e.g. http://127.0.0.1:" + DEFAULT_CHAIN_PORT);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " '" + url + "' is not a URL: " + e.getMessage(), e);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException(source + " '" + url + "' names no host, e.g. http://127.0.0.1:" + DEFAULT_CHAIN_PORT);
        }
        return url;
    }

    /** Connects and asks for the chain id; a URL where no chain answers is refused with where the chain likely is. */
    Connected connect() throws IOException {
        Web3j web3j = Web3j.build(new HttpService(url));
        try {
            EthChainId response = web3j.ethChainId().send();
            if (response.hasError() || response.getResult() == null || !response.getResult().matches("0x[0-9a-fA-F]+")) {
                throw notTheChain("it answered eth_chainId without a chain id"
                        + (response.hasError() ? " (" + response.getError().getMessage() + ")" : ""));
            }
            return new Connected(web3j, response.getChainId().longValueExact());
        } catch (ClientConnectionException e) {
            web3j.shutdown();
            Matcher status = HTTP_STATUS.matcher(String.valueOf(e.getMessage()));
            throw notTheChain("it answered eth_chainId with HTTP " + (status.find() ? status.group(1) : "an error"));
        } catch (IOException e) {
            web3j.shutdown();
            throw new IOException(unreachable(e), e);
        } catch (IllegalArgumentException e) { // notTheChain, above
            web3j.shutdown();
            throw e;
        } catch (RuntimeException e) { // web3j's JSON reader (Jackson 3: unchecked) on an answer that is not JSON-RPC
            web3j.shutdown();
            throw notTheChain("it answered eth_chainId with something other than JSON-RPC");
        }
    }

    private String unreachable(IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (local) {
            return "no chain answers at " + url + " (" + source + "; " + why + "): start scripts/dev (with the same $" + CHAIN_PORT_VARIABLE
                    + " if it runs on another port), or pass --rpc URL";
        }
        return "cannot reach the chain at " + url + " (" + source + "; " + why + "); start one or pass --rpc URL";
    }

    private IllegalArgumentException notTheChain(String what) {
        String localChain = localUrlOrDefault();
        String fix = serversChain().map(chain -> "it is a ModelMarket server, whose chain is at " + chain + ": " + useInstead(chain))
                .orElseGet(() -> localChain.equals(url)
                        ? "another program listens where scripts/dev's chain would; start scripts/dev with another $" + CHAIN_PORT_VARIABLE
                        : "the chain of scripts/dev is at " + localChain + " (" + useInstead(localChain) + ")");
        return new IllegalArgumentException(url + " (" + source + ") is not an Ethereum JSON-RPC endpoint: " + what + "; " + fix);
    }

    private String useInstead(String chain) {
        return source.equals("$" + RPC_URL_VARIABLE) ? "set $" + RPC_URL_VARIABLE + "=" + chain + ", or unset it for scripts/dev's chain"
                : "pass --rpc " + chain;
    }

    private static String localUrlOrDefault() {
        try {
            return localUrl(System.getenv());
        } catch (IllegalArgumentException e) {
            return "http://127.0.0.1:" + DEFAULT_CHAIN_PORT;
        }
    }

    /** The chain a ModelMarket server at this URL names in {@code /api/config}, when it is one and names it. */
    private Optional<String> serversChain() {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build()) {
            URI config = URI.create(url.replaceFirst("/+$", "")).resolve("/api/config");
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(config).timeout(PROBE_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode rpcUrl = new ObjectMapper().readTree(response.body()).path("rpcUrl");
            return rpcUrl.isTextual() && rpcUrl.asText().matches("(?i)https?://\\S+") ? Optional.of(rpcUrl.asText()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
