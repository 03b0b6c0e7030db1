package io.modelmarket.ipfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's checks against a scripted node on 127.0.0.1 that can misbehave; KuboRpcClientIT runs the
 * same client against a real js-ipfs daemon.
 */
class KuboRpcClientTest {
    private final Map<String, byte[]> stored = new HashMap<>();
    private HttpServer server;
    private KuboRpcClient client;
    private String answerHashOverride;
    private boolean tamperCat;

    @BeforeEach
    void startNode() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v0/", this::handle);
        server.start();
        client = new KuboRpcClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5), 2);
    }

    @AfterEach
    void stopNode() {
        server.stop(0);
    }

    @Test
    void addsAndReadsBackVerified() throws IOException {
        byte[] content = new GeneratedContent(5, 3L * UnixFsImporter.CHUNK_SIZE + 3).readAllBytes();
        Cid cid = client.add(new ByteArrayInputStream(content));
        assertThat(cid).isEqualTo(UnixFsImporter.cidOf(content));
        assertThat(client.cat(cid).readAllBytes()).isEqualTo(content);
        client.pin(cid);
        assertThat(client.version()).isEqualTo("0.0.0-scripted");
    }

    @Test
    void refusesANodeThatReturnsAnotherCid() {
        answerHashOverride = UnixFsImporter.cidOf("other".getBytes()).toString();
        assertThatThrownBy(() -> client.add(new ByteArrayInputStream("mine".getBytes())))
                .hasMessageContaining("stored the content as " + answerHashOverride)
                .hasMessageContaining("gives " + UnixFsImporter.cidOf("mine".getBytes()));
    }

    @Test
    void refusesContentThatDoesNotMatchItsCid() throws IOException {
        Cid cid = client.add(new ByteArrayInputStream("the real labels".getBytes()));
        tamperCat = true;
        assertThatThrownBy(() -> client.cat(cid).readAllBytes())
                .isInstanceOf(ContentCorruptedException.class)
                .hasMessageContaining(cid.toString());
    }

    @Test
    void passesOnTheNodesErrorMessage() {
        Cid unknown = UnixFsImporter.cidOf("nobody has this".getBytes());
        assertThatThrownBy(() -> client.cat(unknown))
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("block not found");
    }

    @Test
    void saysWhenNoNodeIsRunning() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        KuboRpcClient nobody = new KuboRpcClient(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(2), 2);
        assertThatThrownBy(nobody::version)
                .isInstanceOf(KuboRpcClient.NodeUnreachableException.class)
                .hasMessageContaining("no IPFS node answers at http://127.0.0.1:" + closedPort);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "{\"Message\":\"POST only\"}".getBytes());
        } else if (path.equals("/api/v0/add")) {
            byte[] content = fileFromMultipart(exchange.getRequestBody().readAllBytes());
            String hash = UnixFsImporter.cidOf(content).toString();
            stored.put(hash, content);
            respond(exchange, 200, ("{\"Name\":\"file\",\"Hash\":\"" + (answerHashOverride != null ? answerHashOverride : hash)
                    + "\",\"Size\":\"" + content.length + "\"}\n").getBytes());
        } else if (path.endsWith("/cat")) {
            byte[] content = stored.get(query.substring("arg=".length()));
            if (content == null) {
                respond(exchange, 500, "{\"Message\":\"block not found\",\"Code\":0,\"Type\":\"error\"}".getBytes());
                return;
            }
            byte[] answer = content.clone();
            if (tamperCat) {
                answer[0] ^= 1;
            }
            respond(exchange, 200, answer);
        } else if (path.endsWith("/pin/add")) {
            respond(exchange, 200, ("{\"Pins\":[\"" + query.substring(4) + "\"]}").getBytes());
        } else {
            respond(exchange, 200, "{\"Version\":\"0.0.0-scripted\"}".getBytes());
        }
    }

    private static byte[] fileFromMultipart(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int start = text.indexOf("\r\n\r\n") + 4;
        int end = text.lastIndexOf("\r\n--");
        return Arrays.copyOfRange(body, start, end);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
