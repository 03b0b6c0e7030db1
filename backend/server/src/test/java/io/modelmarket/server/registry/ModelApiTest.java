package io.modelmarket.server.registry;

import io.modelmarket.server.TestDatabaseProperties;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.verify.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;

/** The registry and the IPFS gateway through HTTP, on H2 in memory and the embedded store in a temporary folder. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelApiTest {
    private static final String AUTHOR = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabaseProperties.register(registry, "api-test");
        registry.add("modelmarket.ipfs.path", () -> folder.resolve("ipfs").toString());
    }

    @Autowired
    TestRestTemplate http;

    @org.junit.jupiter.api.BeforeEach
    void sendTheClientHeader() {
        io.modelmarket.server.ApiClients.asApiClient(http);
    }

    @Autowired
    ModelRegistry registry;

    private RegisteredModel registered() throws Exception {
        return registry.register(TestModels.pickLargestOfThree(),
                new ModelRegistration("Largest of three", "a test model", AUTHOR, null, 3, List.of("left", "middle", "right"), null));
    }

    @Test
    void browsesDownloadsAndRunsAModel() throws Exception {
        RegisteredModel model = registered();
        assertThat(http.getForObject("/api/models?q=largest", String.class)).contains("\"name\":\"Largest of three\"");
        assertThat(http.getForObject("/api/models/" + model.id(), Map.class)).containsEntry("cid", model.cid());
        assertThat(http.getForObject("/api/models/" + model.id() + "/download", byte[].class)).isEqualTo(TestModels.pickLargestOfThree());

        String json = http.postForObject("/api/models/" + model.id() + "/predict", Map.of("rows", List.of(List.of(1, 5, 2))), String.class);
        assertThat(json).contains("{\"classIndex\":1,\"className\":\"middle\"}");

        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        LinkedMultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource("a,b,c\n0,0,9\n".getBytes()) {
            @Override
            public String getFilename() {
                return "rows.csv";
            }
        });
        String csvJson = http.postForObject("/api/models/" + model.id() + "/predict", new HttpEntity<>(form, headers), String.class);
        assertThat(csvJson).contains("\"className\":\"right\"");
        assertThat(registry.get(model.id()).downloads()).isEqualTo(1);
    }

    /** A regression model's entry names its task and error, and its predictions are numbers (test/vectors/regression/hand-built.onnx). */
    @Test
    void aRegressionModelAnswersNumbers() throws Exception {
        byte[] bytes = java.nio.file.Files.readAllBytes(Path.of(System.getProperty("modelmarket.root", "../.."), "test", "vectors", "regression",
                "hand-built.onnx"));
        RegisteredModel model = registry.register(bytes, ModelRegistration.regression("Linear", null, AUTHOR, null, 4, 3, 0.35));
        Map<String, Object> entry = http.getForObject("/api/models/" + model.id(), Map.class);
        assertThat(entry).containsEntry("task", "regression").containsEntry("targetDecimals", 3).containsEntry("meanAbsoluteError", 0.35)
                .containsEntry("accuracy", null).containsEntry("classNames", List.of());
        String json = http.postForObject("/api/models/" + model.id() + "/predict", Map.of("rows", List.of(List.of(1, 0, 0, 0), List.of(0, 0, 0, 1))),
                String.class);
        assertThat(json).contains("\"predictions\":[{\"value\":1.75},{\"value\":-0.45}]");
    }

    @Test
    void explainsErrorsAsProblemDetails() throws Exception {
        RegisteredModel model = registered();
        ResponseEntity<Map> missing = http.getForEntity("/api/models/424242", Map.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(missing.getBody()).containsEntry("detail", "no model with id 424242");

        ResponseEntity<Map> badRow = http.postForEntity("/api/models/" + model.id() + "/predict", Map.of("rows", List.of(List.of(1, 2))), Map.class);
        assertThat(badRow.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badRow.getBody()).containsEntry("detail", "row 0 has 2 values; the model reads 3");
    }

    @Test
    void servesVerifiedContentAtIpfsPaths() throws Exception {
        RegisteredModel model = registered();
        ResponseEntity<byte[]> content = http.getForEntity("/ipfs/" + model.cid(), byte[].class);
        assertThat(content.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(content.getBody()).isEqualTo(TestModels.pickLargestOfThree());
        assertThat(content.getHeaders().getCacheControl()).contains("immutable");

        ResponseEntity<Map> invalid = http.getForEntity("/ipfs/not-a-cid", Map.class);
        assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) invalid.getBody().get("detail")).startsWith("invalid CID 'not-a-cid'");

        ResponseEntity<Map> unknown = http.getForEntity("/ipfs/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", Map.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }
}
