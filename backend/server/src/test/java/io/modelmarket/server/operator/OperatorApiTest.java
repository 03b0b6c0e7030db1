package io.modelmarket.server.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.kit.RevealKit;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.server.TestDatabaseProperties;
import io.modelmarket.server.bounty.RevealKitVault;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** Kept reveal kits behind the operator token. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"modelmarket.operator.token=s3cret", "modelmarket.operator.keep-reveal-kits=true"})
class OperatorApiTest {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabaseProperties.register(registry, "operator-test");
    }

    private static final String REQUESTER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    @Autowired
    TestRestTemplate http;

    @Autowired
    RevealKitVault vault;

    @Test
    void keptKitsAreServedOnlyWithTheOperatorToken() throws Exception {
        Bytes32 bountyId = Bytes32.fromHex("0x" + "ab".repeat(32));
        RevealKit kit = RevealKit.create(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3", bountyId, REQUESTER,
                new byte[] {0, 1, 1, 0}, Bytes32.randomSalt(), 2);
        vault.keep(kit);

        String path = "/api/operator/reveal-kits/" + bountyId.toHex();
        ResponseEntity<Map> anonymous = http.getForEntity(path, Map.class);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat((String) anonymous.getBody().get("detail")).contains("Authorization: Bearer");
        assertThat(get(path, "wrong", Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        ResponseEntity<RevealKit> kept = get(path, "s3cret", RevealKit.class);
        assertThat(kept.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(kept.getBody()).isEqualTo(kit);
        assertThat(get("/api/operator/reveal-kits", "s3cret", String.class).getBody())
                .contains(bountyId.toHex()).doesNotContain(kit.salt());
        assertThat(get("/api/operator/reveal-kits/0x" + "cd".repeat(32), "s3cret", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void withoutATokenTheEndpointsDoNotExist() throws Exception {
        OperatorAuthorization switchedOff = new OperatorAuthorization(new OperatorProperties("", false));
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/operator/reveal-kits");
        request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer ");
        assertThat(switchedOff.preHandle(request, response, null)).isFalse();
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentAsString()).contains("switched off");
    }

    private <T> ResponseEntity<T> get(String path, String token, Class<T> type) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), type);
    }
}
