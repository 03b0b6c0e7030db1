package io.modelmarket.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentNotFoundException;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.UnixFsImporter;
import io.modelmarket.server.registry.ModelRegistration;
import io.modelmarket.server.registry.ModelRegistry;
import io.modelmarket.server.registry.RegisteredModel;
import io.modelmarket.verify.SandboxGate;
import io.modelmarket.verify.TestModels;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The attacks on the HTTP surface, each performed and refused: a cross-site POST, an oversized
 * body (declared and not), a flood of model runs, a full sandbox, HTML stored under a CID, health and error
 * bodies that would leak.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HardeningApiTest {
    private static final String OPERATOR_TOKEN = "hardening-operator-token";
    private static final String AUTHOR = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:hardening-test;DB_CLOSE_DELAY=-1");
        registry.add("modelmarket.ipfs.path", () -> folder.resolve("ipfs").toString());
        registry.add("modelmarket.operator.token", () -> OPERATOR_TOKEN);
        registry.add("modelmarket.limits.predict-upload", () -> "64KB");
        registry.add("modelmarket.limits.predictions-per-minute", () -> "4");
        registry.add("modelmarket.models.concurrent-runs", () -> "1");
        registry.add("modelmarket.models.queue", () -> "0");
    }

    /** Fails the way a library does: with a message that holds a URL with credentials. */
    @TestConfiguration
    static class FailingEndpoint {
        @RestController
        static class Failing {
            @GetMapping("/api/test-failure")
            String fail() {
                throw new IllegalStateException("connect to https://user:pa55word@rpc.example.com/v3/SECRETKEY failed");
            }
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ModelRegistry registry;

    @Autowired
    ContentStore store;

    @Autowired
    SandboxGate gate;

    private final HttpClient client = HttpClient.newHttpClient();

    private RegisteredModel model() throws Exception {
        return registry.register(TestModels.pickLargestOfThree(),
                new ModelRegistration("Largest of three", "a test model", AUTHOR, null, 3, List.of("left", "middle", "right"), null));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request from another client address on the loopback network (rate limits are per address). */
    private static HttpResponse<String> sendFrom(String address, HttpRequest.Builder request) throws Exception {
        return HttpClient.newBuilder().localAddress(java.net.InetAddress.getByName(address)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder predictOneRow(RegisteredModel model) {
        return request("/api/models/" + model.id() + "/predict").header(RequestGuard.CLIENT_HEADER, "test")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"rows\": [[1, 5, 2]]}"));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private static HttpRequest.BodyPublisher multipartCsv(String boundary, String csv) {
        return HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rows.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n");
    }

    @Test
    void aCrossSitePostIsRefusedAndTheUisGoesThrough() throws Exception {
        RegisteredModel model = model();
        long predictionsBefore = model.predictions();
        String boundary = "b0undary";
        // What any web page can make a browser send without a preflight: a multipart or text/plain POST, no custom header.
        HttpResponse<String> forged = send(request("/api/models/" + model.id() + "/predict").header("Origin", "https://evil.example")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(multipartCsv(boundary, "a,b,c\n0,0,9\n")));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains(RequestGuard.CLIENT_HEADER);
        String body = "x,label\n1,a\n";
        String cid = UnixFsImporter.cidOf(body.getBytes(StandardCharsets.UTF_8)).toString();
        HttpResponse<String> plain = send(request("/api/files/training?cid=" + cid).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(plain.statusCode()).isEqualTo(403);
        assertThatThrownBy(() -> store.cat(Cid.parse(cid))).isInstanceOf(ContentNotFoundException.class);
        assertThat(registry.get(model.id()).predictions()).isEqualTo(predictionsBefore);

        HttpResponse<String> fromTheUi = send(request("/api/models/" + model.id() + "/predict").header(RequestGuard.CLIENT_HEADER, "web")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(multipartCsv(boundary, "a,b,c\n0,0,9\n")));
        assertThat(fromTheUi.statusCode()).isEqualTo(200);
        assertThat(fromTheUi.body()).contains("\"className\":\"right\"");
    }

    /** No endpoint takes a secret (labels, salts, kits, unrevealed models): whoever runs the server could use it. */
    @Test
    void theEndpointsThatTookSecretsAreGone() throws Exception {
        for (String path : List.of("/api/requester/bounties", "/api/requester/reveal-transaction", "/api/trainer/bounties/0x01/submissions",
                "/api/trainer/claim-transaction", "/api/trainer/reveal-transaction")) {
            HttpResponse<String> answer = send(request(path).header(RequestGuard.CLIENT_HEADER, "test").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"labels\": \"0x0001\", \"salt\": \"0x" + "11".repeat(32) + "\"}")));
            assertThat(answer.statusCode()).as(path).isIn(404, 405);
        }
        assertThat(send(request("/api/operator/reveal-kits").header("Authorization", "Bearer " + OPERATOR_TOKEN)).statusCode()).isEqualTo(404);
    }

    /** A public file is stored only under the CID its client computed: another body is refused, naming both CIDs, and nothing is kept. */
    @Test
    void anUploadWhoseCidIsNotTheStatedOneIsRefusedAndNotStored() throws Exception {
        byte[] stated = "x,label\n1,a\n".getBytes(StandardCharsets.UTF_8);
        byte[] sent = "x,label\n1,b\n".getBytes(StandardCharsets.UTF_8);
        Cid statedCid = UnixFsImporter.cidOf(stated);
        Cid sentCid = UnixFsImporter.cidOf(sent);
        HttpResponse<String> refused = send(upload("/api/files/training?cid=" + statedCid, sent));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("the training data: the body's CID is " + sentCid + ", not the stated " + statedCid);
        assertThatThrownBy(() -> store.cat(sentCid)).isInstanceOf(ContentNotFoundException.class);

        HttpResponse<String> taken = send(upload("/api/files/training?cid=" + statedCid, stated));
        assertThat(taken.statusCode()).isEqualTo(201);
        assertThat(taken.body()).contains("\"cid\":\"" + statedCid + "\"");
        try (InputStream in = store.cat(statedCid)) {
            assertThat(in.readAllBytes()).isEqualTo(stated);
        }

        assertThat(send(upload("/api/files/training", stated)).body()).contains("the parameter 'cid'");
        assertThat(send(upload("/api/files/training?cid=bafy%3Cscript%3E", stated)).statusCode()).isEqualTo(400);
        byte[] notMetadata = "{\"title\": 1}".getBytes(StandardCharsets.UTF_8);
        assertThat(send(upload("/api/files/metadata?cid=" + UnixFsImporter.cidOf(notMetadata), notMetadata)).statusCode()).isEqualTo(400);
    }

    /** Before its reveal a model is its trainer's secret: the server refuses to hold it. */
    @Test
    void aModelIsRefusedBeforeItsRevealIsOnChain() throws Exception {
        byte[] model = "an ONNX model nobody has revealed".getBytes(StandardCharsets.UTF_8);
        Cid cid = UnixFsImporter.cidOf(model);
        HttpResponse<String> refused = send(upload("/api/bounties/0x" + "ab".repeat(32) + "/models?cid=" + cid, model));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("a model is taken only once its reveal is on chain");
        assertThatThrownBy(() -> store.cat(cid)).isInstanceOf(ContentNotFoundException.class);
    }

    private HttpRequest.Builder upload(String path, byte[] body) {
        return request(path).header(RequestGuard.CLIENT_HEADER, "test").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() throws Exception {
        RegisteredModel model = model();
        long predictionsBefore = model.predictions();
        // Declared: 300 MB announced, not one byte of it sent; the answer comes at once.
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/models/" + model.id() + "/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + RequestGuard.CLIENT_HEADER + ": test\r\nContent-Length: 300000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
        // Undeclared (chunked): counted as it is read, and refused past the endpoint's 64 KB.
        HttpURLConnection chunked = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/api/models/" + model.id() + "/predict").toURL()
                .openConnection();
        chunked.setRequestMethod("POST");
        chunked.setDoOutput(true);
        chunked.setChunkedStreamingMode(4096);
        chunked.setRequestProperty("Content-Type", "application/json");
        chunked.setRequestProperty(RequestGuard.CLIENT_HEADER, "test");
        try (OutputStream body = chunked.getOutputStream()) {
            body.write("{\"rows\": [".getBytes());
            for (int i = 0; i < 20_000; i++) {
                body.write("[1,2,3],".getBytes());
            }
            body.write("[1,2,3]]}".getBytes());
        }
        assertThat(chunked.getResponseCode()).isEqualTo(413);
        try (InputStream error = chunked.getErrorStream()) {
            assertThat(new String(error.readAllBytes())).contains("a prediction request may be at most 64 KB");
        }
        assertThat(registry.get(model.id()).predictions()).isEqualTo(predictionsBefore);
    }

    @Test
    void aFloodOfModelRunsIsRateLimitedPerClient() throws Exception {
        RegisteredModel model = model();
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> answer = sendFrom("127.0.0.3", predictOneRow(model));
            statuses.add(answer.statusCode());
            limited = answer.statusCode() == 429 && limited == null ? answer : limited;
        }
        assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429); // 4 a minute
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 15L);
        assertThat(limited.body()).contains("\"title\":\"Too many requests\"");
        assertThat(sendFrom("127.0.0.4", predictOneRow(model)).statusCode()).as("another client is not limited").isEqualTo(200);
    }

    @Test
    void aFullSandboxAnswers503WithRetryAfter() throws Exception {
        RegisteredModel model = model();
        try (SandboxGate.Permit busy = gate.enter()) { // the one run slot is taken, and the queue has no place
            HttpResponse<String> answer = sendFrom("127.0.0.2", predictOneRow(model));
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).contains("10");
            assertThat(answer.body()).contains("the model sandbox is busy");
        }
    }

    @Test
    void htmlUnderACidIsADownloadNeverAPage() throws Exception {
        Cid cid = store.addAndPin(new ByteArrayInputStream("<html><script>alert(document.cookie)</script></html>".getBytes()));
        HttpResponse<String> content = send(request("/ipfs/" + cid));
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(content.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
        assertThat(content.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(content.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("sandbox", "default-src 'none'");

        for (String path : List.of("/api/models", "/", "/index.html", "/no-such-page")) {
            HttpResponse<String> page = send(request(path));
            assertThat(page.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path).contains(SecurityHeaders.UI_POLICY);
        }
    }

    @Test
    void healthDetailsAreForTheOperatorOnly() throws Exception {
        HttpResponse<String> anonymous = send(request("/actuator/health"));
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(send(request("/actuator/health").header("Authorization", "Bearer wrong")).body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(send(request("/actuator/health").header("Authorization", "Bearer " + OPERATOR_TOKEN)).body())
                .contains("\"components\"", "\"db\":{\"status\":\"UP\"", "\"ipfs\":{\"status\":\"UP\"");
    }

    @Test
    void problemBodiesAreInTheProjectsWords() throws Exception {
        HttpResponse<String> mistyped = send(request("/api/models/abc"));
        assertThat(mistyped.statusCode()).isEqualTo(400);
        assertThat(mistyped.body()).contains("\"detail\":\"'id' has the wrong type\"").doesNotContain("For input string");

        HttpResponse<String> failed = send(request("/api/test-failure"));
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(failed.body()).contains("its log has the cause under reference").doesNotContain("pa55word", "SECRETKEY", "rpc.example.com");
    }

    @Test
    void theCorsPreflightAllowsTheClientHeaderToTheUiOriginOnly() throws Exception {
        for (Map.Entry<String, Boolean> origin : Map.of("http://127.0.0.1:5173", true, "https://evil.example", false).entrySet()) {
            HttpResponse<String> preflight = send(request("/api/models/1/predict").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", origin.getKey()).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", RequestGuard.CLIENT_HEADER.toLowerCase()));
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin").isPresent()).as(origin.getKey()).isEqualTo(origin.getValue());
        }
    }
}
