package io.modelmarket.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.protocol.Wei;
import io.modelmarket.server.ApiClients;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Money is never a JSON number: the OpenAPI document declares every amount as a decimal string with a
 * pattern, no schema holds an unbounded number (what a {@code BigInteger} or {@code BigDecimal} would
 * become), and the API sends what the document says. The server runs with its chain endpoints on (so
 * that all of them are in the document) against a deployment record of a chain it never calls.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiAmountsTest {
    /** Names that say "this is money": reward, stake, escrow, credit(s), balance, amount, payout, paid... */
    private static final Pattern AMOUNT_NAME = Pattern.compile("(?i)reward|stake|escrow|credit|balance|amount|payout|^paid");
    private static final BigInteger REWARD = BigInteger.TWO.pow(64).add(BigInteger.ONE);
    private static final BigInteger STAKE = BigInteger.TEN.pow(30).add(BigInteger.valueOf(7));

    @DynamicPropertySource
    static void chainThatIsNeverCalled(DynamicPropertyRegistry registry) throws Exception {
        Path deployment = Files.createTempFile("modelmarket-openapi-", ".json");
        deployment.toFile().deleteOnExit();
        Files.writeString(deployment, """
                {"chainId": 31337, "modelCoin": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
                 "bountyMarket": "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
                 "bountyMarket": "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
                 "arbitrator": "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9", "deployBlock": 1}""");
        registry.add("modelmarket.chain.enabled", () -> "true");
        registry.add("modelmarket.chain.rpc-url", () -> "http://127.0.0.1:9");
        registry.add("modelmarket.chain.deployment-file", deployment::toString);
        registry.add("modelmarket.chain.poll-interval", () -> "1h");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:openapi-amounts;DB_CLOSE_DELAY=-1");
    }

    @Autowired
    TestRestTemplate http;

    @BeforeEach
    void sendTheClientHeader() {
        ApiClients.asApiClient(http);
    }

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcClient db;

    @Test
    void declaresEveryAmountAsADecimalStringAndNoNumberWithoutBounds() throws Exception {
        JsonNode document = json.readTree(http.getForObject("/v3/api-docs", String.class));
        assertThat(document.path("paths").has("/api/config")).as("the chain's endpoints are in the document").isTrue();
        assertThat(document.path("paths").has("/api/bounties/{id}/leaderboard")).isTrue();
        assertThat(document.path("paths").has("/api/files/{kind}")).isTrue();

        Map<String, JsonNode> properties = new TreeMap<>();
        collect("", document, properties);
        List<String> problems = new ArrayList<>();
        properties.forEach((where, schema) -> {
            String name = where.substring(where.lastIndexOf('.') + 1);
            String type = type(schema);
            if (AMOUNT_NAME.matcher(name).find() && !(type.equals("string") && Wei.PATTERN.equals(schema.path("pattern").asText(null)))) {
                problems.add(where + " is an amount but declared " + schema + " instead of a string with the pattern " + Wei.PATTERN);
            }
            if ((type.equals("integer") || type.equals("number")) && !schema.has("format")) {
                problems.add(where + " is an unbounded " + type + " (a BigInteger or BigDecimal?); an amount is a Wei, a decimal string");
            }
        });
        assertThat(problems).isEmpty();
        // Not vacuous: the amounts the API has today were all seen.
        assertThat(properties).containsKeys("Bounty.reward", "Bounty.trainerStake", "ChainConfig.airdropAmount");
        assertThat(properties.get("Bounty.reward").path("pattern").asText()).isEqualTo(Wei.PATTERN);
    }

    @Test
    void sendsAmountsAsTheDocumentSays() {
        db.sql("""
                        INSERT INTO bounty (id, requester, verifier, reward, trainer_stake, model_deadline, response_window, test_size,
                            num_classes, max_submissions, metric, min_score, ground_truth_commitment, sealing_key_commitment, phase,
                            phase_deadline, live_submissions, predicted, contenders, candidates, created_block)
                        VALUES (?, ?, ?, ?, ?, 1, 3600, 100, 2, 1, 'Accuracy', 50, ?, ?, 'Open', 1, 0, 0, 0, 0, 1)""")
                .params("0x" + "ab".repeat(32), "0x" + "01".repeat(20), "0x" + "02".repeat(20), new BigDecimal(REWARD), new BigDecimal(STAKE),
                        "0x" + "cd".repeat(32), "0x" + "ef".repeat(32))
                .update();
        String list = http.getForObject("/api/bounties", String.class);
        assertThat(list).contains("\"reward\":\"18446744073709551617\"", "\"trainerStake\":\"1000000000000000000000000000007\"");
        assertThat(http.getForObject("/api/bounties/0x" + "ab".repeat(32), String.class)).contains("\"reward\":\"18446744073709551617\"");
    }

    @Test
    void problemBodiesCarryAmountsAsDecimalStrings() throws Exception {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the stake is more than the balance");
        problem.setProperty("stake", Wei.of(STAKE));
        problem.setProperty("balance", REWARD); // a bare BigInteger, too
        assertThat(json.writeValueAsString(problem)).contains("\"stake\":\"1000000000000000000000000000007\"",
                "\"balance\":\"18446744073709551617\"");
    }

    /** Every property and parameter schema in the document, keyed by where it is ({@code Schema.property} or a path). */
    private static void collect(String where, JsonNode node, Map<String, JsonNode> found) {
        if (node.isObject()) {
            if (node.has("properties") && node.get("properties").isObject()) {
                String owner = where.startsWith("components.schemas.") ? where.substring("components.schemas.".length()) : where;
                node.get("properties").fields().forEachRemaining(p -> found.put(owner + "." + p.getKey(), p.getValue()));
            }
            if (node.has("name") && node.has("in") && node.has("schema")) {
                found.put(where + "." + node.get("name").asText(), node.get("schema"));
            }
            node.fields().forEachRemaining(field -> collect(where.isEmpty() ? field.getKey() : where + "." + field.getKey(), field.getValue(), found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(where + "[" + i + "]", node.get(i), found);
            }
        }
    }

    /** The schema's type, whether written {@code type: x} (OpenAPI 3.0) or {@code type: [x]} (3.1). */
    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            return type.size() == 1 ? type.get(0).asText() : type.toString();
        }
        return type.asText("");
    }
}
