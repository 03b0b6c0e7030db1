package io.modelmarket.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training runs of scripts/modelmarket's ahead-of-time caches (JDK 25, JEP 514/515), one JVM each: {@code usage}
 * runs {@code --help} and {@code bounty --help}; {@code commands} runs {@code bounty show} and {@code bounty list}
 * against a stand-in chain on a local port, so that its cache holds the JSON-RPC client, the contract wrapper and
 * the ABI decoder without a real node. The stand-in answers every {@code eth_call} with words that each hold 1 (an
 * address, number or flag of 1: any static return value decodes) and has no events, so {@code bounty show} stops at
 * the bounty's events; what it loaded until then is what the cache keeps.
 */
final class StartupTraining {
    static final String BOUNTY = "0x" + "11".repeat(32);
    static final String MARKET = "0x" + "22".repeat(20);
    /** The chain id of a Hardhat node. */
    private static final String CHAIN_ID = "0x7a69";
    private static final String ONE_WORD = "0".repeat(63) + "1";
    /** More words than any view of the market returns. */
    private static final String EVERY_WORD_ONE = "0x" + ONE_WORD.repeat(64);
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private StartupTraining() {}

    /** {@code usage} or {@code commands}. */
    public static void main(String[] args) throws IOException {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        switch (args.length == 1 ? args[0] : "") {
            case "usage" -> usage(nowhere, nowhere);
            case "commands" -> commands(nowhere, nowhere);
            default -> throw new IllegalArgumentException("usage: StartupTraining usage|commands");
        }
    }

    /** Asks for the usage of the command line and of a command; their exit codes. */
    static List<Integer> usage(PrintWriter out, PrintWriter err) {
        return List.of(run(out, err, "--help"), run(out, err, "bounty", "--help"));
    }

    /** Runs {@code bounty show} and {@code bounty list} on the stand-in chain; their exit codes. */
    static List<Integer> commands(PrintWriter out, PrintWriter err) throws IOException {
        HttpServer chain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        chain.createContext("/", StartupTraining::answer);
        chain.start();
        try {
            String rpc = "http://127.0.0.1:" + chain.getAddress().getPort();
            return List.of(run(out, err, "bounty", "show", BOUNTY, "--rpc", rpc, "--market", MARKET),
                    run(out, err, "bounty", "list", "--rpc", rpc, "--market", MARKET));
        } finally {
            chain.stop(0);
        }
    }

    private static int run(PrintWriter out, PrintWriter err, String... args) {
        var commandLine = ModelMarketCli.commandLine(args);
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher method = METHOD.matcher(request);
        Matcher id = ID.matcher(request);
        String result = switch (method.find() ? method.group(1) : "") {
            case "eth_chainId" -> "\"" + CHAIN_ID + "\"";
            case "eth_call" -> "\"" + EVERY_WORD_ONE + "\"";
            case "eth_getLogs" -> "[]";
            default -> null;
        };
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + (id.find() ? id.group(1) : "0") + ","
                + (result != null ? "\"result\":" + result : "\"error\":{\"code\":-32601,\"message\":\"not in the training\"}") + "}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream response = exchange.getResponseBody()) {
            response.write(bytes);
        }
    }
}
