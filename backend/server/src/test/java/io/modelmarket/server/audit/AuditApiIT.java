package io.modelmarket.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.server.LocalChainProperties;
import io.modelmarket.server.TestDatabaseProperties;
import io.modelmarket.testing.Bounties;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.LocalChainExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /api/bounties/{id}/audit} on a bounty played with {@link Bounties} into the server's own content
 * store: refused while the bounty runs, every check's verdict once it has ended, and a new verdict once a
 * settlement adds to its history.
 */
@ExtendWith(LocalChainExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditApiIT {
    private static LocalChain chain;
    private static Path work;

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) throws Exception {
        work = Files.createTempDirectory("audit-api-it-");
        LocalChainProperties.register(registry, chain);
        TestDatabaseProperties.register(registry, "audit-api-it");
        registry.add("modelmarket.ipfs.path", () -> work.resolve("ipfs").toString());
    }

    @Autowired
    TestRestTemplate http;

    @Test
    void aFinishedBountyHasAVerdictPerCheck() throws Exception {
        Bounties bounties = new Bounties(chain, new LocalContentStore(work.resolve("ipfs")), work);
        Path csv = work.resolve("data.csv");
        Bounties.writeDataset(csv, 400, 3);
        Path model = Files.writeString(work.resolve("model.onnx"), "committed, never revealed");
        Bounties.Bounty bounty = bounties.create(csv);
        Bounties.Entry silent = bounties.commitModel(bounty, HardhatAccounts.account(3), model);
        String path = "/api/bounties/" + bounty.id().toHex() + "/audit";

        ResponseEntity<JsonNode> running = http.getForEntity(path, JsonNode.class);
        assertThat(running.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(running.getBody().path("detail").asText()).isEqualTo("bounty " + bounty.id().toHex()
                + " is Open; its audit is available once it has ended");

        bounties.passModelDeadline(bounty);
        bounties.releaseKey(bounty);
        bounties.passWindow(); // nobody predicted: Refunded
        bounties.advance(bounty);

        JsonNode ended = http.getForObject(path, JsonNode.class);
        assertThat(ended.path("phase").asText()).isEqualTo("Refunded");
        assertThat(ended.path("passed").asBoolean()).as(ended.toPrettyString()).isTrue();
        assertThat(ended.path("checks").findValuesAsText("name")).contains("data.sealedInputs", "payouts.credits", "payouts.noStakeToSlasher",
                "money.invariant");
        JsonNode sealedInputs = check(ended, "data.sealedInputs");
        assertThat(sealedInputs.path("verdict").asText()).isEqualTo("PASS");
        assertThat(sealedInputs.path("detail").asText()).startsWith("the released key opens its commitment and the sealed test inputs");
        assertThat(check(ended, "payouts.noStakeToSlasher").path("detail").asText()).startsWith("stakes slashed or forfeited: 0,");

        bounties.settle(bounty, silent); // its stake is burned: the history grew, the verdict follows
        JsonNode settled = http.getForObject(path, JsonNode.class);
        assertThat(settled.path("passed").asBoolean()).as(settled.toPrettyString()).isTrue();
        assertThat(check(settled, "payouts.noStakeToSlasher").path("detail").asText()).startsWith("stakes slashed or forfeited: 1, each credited to the burn address");
    }

    @Test
    void anUnknownOrMalformedIdIsRefused() {
        ResponseEntity<JsonNode> unknown = http.getForEntity("/api/bounties/0x" + "ab".repeat(32) + "/audit", JsonNode.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getBody().path("detail").asText()).isEqualTo("no bounty 0x" + "ab".repeat(32) + " on the market");

        ResponseEntity<JsonNode> malformed = http.getForEntity("/api/bounties/0x12/audit", JsonNode.class);
        assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(malformed.getBody().path("detail").asText()).isEqualTo("a bounty id is 0x and 64 hex digits");
    }

    private static JsonNode check(JsonNode verdict, String name) {
        List<JsonNode> matching = verdict.path("checks").findParents("name").stream().filter(c -> c.path("name").asText().equals(name)).toList();
        assertThat(matching).as(name).hasSize(1);
        return matching.get(0);
    }
}
