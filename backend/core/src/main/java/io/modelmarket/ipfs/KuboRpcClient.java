package io.modelmarket.ipfs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A thin client of Kubo's RPC API ({@code /api/v0/add}, {@code cat}, {@code pin/add}, {@code version};
 * POST only), which js-ipfs speaks too. Every add asks for CIDv1 in base32 and is checked against the CID
 * computed locally from the same bytes; every cat is verified against the CID asked for. Idempotent calls
 * ({@code cat}, {@code pin/add}, {@code version}) are retried when the node cannot be reached.
 */
public final class KuboRpcClient implements ContentStore {
    private static final Pattern HASH = Pattern.compile("\"Hash\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern MESSAGE = Pattern.compile("\"Message\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern VERSION = Pattern.compile("\"Version\"\\s*:\\s*\"([^\"]+)\"");

    private final URI api;
    private final Duration timeout;
    private final int attempts;
    private final HttpClient http;

    /**
     * @param apiUrl the node's RPC address, e.g. {@code http://127.0.0.1:5001}
     * @param timeout the limit for one request (a cat must deliver its first bytes within it)
     * @param attempts how often an idempotent call is tried in all (at least 1)
     */
    public KuboRpcClient(URI apiUrl, Duration timeout, int attempts) {
        this.api = URI.create(apiUrl.toString().replaceAll("/+$", "") + "/api/v0/");
        this.timeout = timeout;
        this.attempts = Math.max(1, attempts);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /** The node's version string, e.g. {@code 0.18.1}; a cheap liveness check. */
    public String version() throws IOException {
        String body = new String(retrying(() -> send("version", "")).readAllBytes(), StandardCharsets.UTF_8);
        return find(VERSION, body, "version");
    }

    @Override
    public Cid add(InputStream content) throws IOException {
        String boundary = "modelmarket-" + UUID.randomUUID();
        UnixFsImporter local = new UnixFsImporter(BlockSink.DISCARD);
        InputStream teed = new TeeInputStream(content, local);
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        InputStream body = new SequenceInputStream(Collections.enumeration(
                List.of(new ByteArrayInputStream(head), teed, new ByteArrayInputStream(tail))));
        HttpRequest request = HttpRequest.newBuilder(api.resolve("add?cid-version=1&cid-base=base32&raw-leaves=true"))
                .timeout(timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                .build();
        String response = new String(exchange(request).readAllBytes(), StandardCharsets.UTF_8);
        local.close();
        Cid returned = Cid.parse(find(HASH, response, "add"));
        if (!returned.equals(local.root())) {
            throw new IOException("the IPFS node at " + api + " stored the content as " + returned
                    + " but ipfs add --cid-version=1 gives " + local.root() + "; is it configured with other chunking?");
        }
        return returned;
    }

    @Override
    public InputStream cat(Cid cid) throws IOException {
        return new VerifyingInputStream(retrying(() -> send("cat", "?arg=" + cid)), cid);
    }

    @Override
    public void pin(Cid cid) throws IOException {
        retrying(() -> send("pin/add", "?arg=" + cid)).close();
    }

    private InputStream send(String command, String query) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(api.resolve(command + query))
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return exchange(request);
    }

    private InputStream exchange(HttpRequest request) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new NodeUnreachableException(api, e);
        } catch (HttpTimeoutException e) {
            throw new IOException("the IPFS node at " + api + " did not answer " + request.uri().getPath() + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the IPFS node", e);
        }
        if (response.statusCode() == 200) {
            return response.body();
        }
        String error;
        try (InputStream body = response.body()) {
            error = new String(body.readNBytes(4096), StandardCharsets.UTF_8);
        }
        Matcher message = MESSAGE.matcher(error);
        throw new IOException("the IPFS node at " + api + " refused " + request.uri().getPath() + " (HTTP "
                + response.statusCode() + "): " + (message.find() ? message.group(1) : error.strip()));
    }

    private InputStream retrying(Call call) throws IOException {
        NodeUnreachableException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return call.run();
            } catch (NodeUnreachableException e) {
                last = e;
                sleep(Duration.ofMillis(200L * attempt));
            }
        }
        throw last;
    }

    private static String find(Pattern pattern, String body, String command) throws IOException {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new IOException("unexpected answer of the IPFS node to " + command + ": " + body);
        }
        return matcher.group(1);
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to retry", e);
        }
    }

    @FunctionalInterface
    private interface Call {
        InputStream run() throws IOException;
    }

    /** Nothing listens at the node's address. */
    public static final class NodeUnreachableException extends IOException {
        NodeUnreachableException(URI api, ConnectException cause) {
            super("no IPFS node answers at " + api + " (is it running?)", cause);
        }
    }
}
