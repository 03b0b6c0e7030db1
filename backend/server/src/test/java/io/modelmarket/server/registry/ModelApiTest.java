package io.modelmarket.server.registry;

import io.modelmarket.server.TestDatabaseProperties;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.server.testing.BaselineModels;
import io.modelmarket.verify.TestModels;
import java.nio.file.Path;
import java.util.Arrays;
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

        String csvJson = http.postForObject("/api/models/" + model.id() + "/predict", csvForm("a,b,c\n0,0,9\n"), String.class);
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

    /**
     * A mixed-column model's entry lists its features with their types; it predicts from JSON rows of numbers, strings and
     * nulls and from a CSV, an unseen city and missing values included; a bad number is a 400 naming the row and column.
     */
    @Test
    void aMixedModelShowsItsFeaturesAndPredictsFromRowsAndCsv() throws Exception {
        BaselineModels.MixedModel mixed = BaselineModels.trainMixed(folder);
        RegisteredModel model = registry.register(mixed.onnx(), new ModelRegistration("Mixed columns", null, AUTHOR, null, mixed.features(),
                mixed.classes(), 0.9));
        Map<String, Object> entry = http.getForObject("/api/models/" + model.id(), Map.class);
        assertThat(entry).containsEntry("featureCount", 2).containsEntry("features",
                List.of(Map.of("name", "age", "type", "float32"), Map.of("name", "city", "type", "string")));

        String json = http.postForObject("/api/models/" + model.id() + "/predict", Map.of("rows", List.of(List.of(30, "Oslo"),
                Arrays.asList(null, "Lima, Peru"), List.of(30.0, "Atlantis"), Arrays.asList("30", null))), String.class);
        Map<String, Object> predicted = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
        List<Map<String, Object>> rows = (List<Map<String, Object>>) predicted.get("predictions");
        assertThat(rows).extracting(row -> row.get("className")).startsWith("north", "south");
        assertThat(rows.get(2)).isEqualTo(rows.get(3)); // an unseen city is predicted as a missing one

        String csvJson = http.postForObject("/api/models/" + model.id() + "/predict", csvForm("age,city\n30,Oslo\n,\"Lima, Peru\"\n30,Atlantis\n"),
                String.class);
        assertThat(csvJson).contains("\"predictions\":[{\"classIndex\":0,\"className\":\"north\"},{\"classIndex\":1,\"className\":\"south\"},"
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(rows.get(3)) + "]");

        ResponseEntity<Map> badNumber = http.postForEntity("/api/models/" + model.id() + "/predict",
                Map.of("rows", List.of(List.of(30, "Oslo"), List.of("abc", "Oslo"))), Map.class);
        assertThat(badNumber.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badNumber.getBody()).containsEntry("detail", "row 2, column 'age': 'abc' is not a number");
        ResponseEntity<Map> badCsv = http.postForEntity("/api/models/" + model.id() + "/predict", csvForm("age,city\n1e39,Oslo\n"), Map.class);
        assertThat(badCsv.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badCsv.getBody()).containsEntry("detail", "rows.csv:2: column 'age': 1e39 is beyond the float32 range");
        ResponseEntity<Map> notACell = http.postForEntity("/api/models/" + model.id() + "/predict", Map.of("rows", List.of(List.of(30, true))),
                Map.class);
        assertThat(notACell.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(registry.get(model.id()).rowsPredicted()).isEqualTo(7);
    }

    /** A multipart form holding {@code csv} as the file {@code rows.csv}. */
    private static HttpEntity<LinkedMultiValueMap<String, Object>> csvForm(String csv) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        LinkedMultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "rows.csv";
            }
        });
        return new HttpEntity<>(form, headers);
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
        assertThat(badRow.getBody()).containsEntry("detail", "row 1 has 2 values; the model reads 3");
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
