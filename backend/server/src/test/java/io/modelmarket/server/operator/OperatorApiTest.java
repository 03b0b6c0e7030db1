package io.modelmarket.server.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.server.TestDatabaseProperties;
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

/**
 * The operator's endpoints behind the operator token; the server keeps no reveal kits any more (it holds no
 * secret), so the kit endpoints are gone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "modelmarket.operator.token=s3cret")
class OperatorApiTest {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabaseProperties.register(registry, "operator-test");
    }

    @Autowired
    TestRestTemplate http;

    @Test
    void operatorEndpointsAnswerOnlyTheOperatorToken() {
        String path = "/actuator/health";
        assertThat(get(path, "s3cret", String.class).getBody()).contains("\"components\"");
        ResponseEntity<Map> anonymous = http.getForEntity("/api/operator/indexer", Map.class);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat((String) anonymous.getBody().get("detail")).contains("Authorization: Bearer");
        assertThat(get("/api/operator/indexer", "wrong", Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void theRevealKitsAreGone() {
        assertThat(get("/api/operator/reveal-kits", "s3cret", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("/api/operator/reveal-kits/0x" + "ab".repeat(32), "s3cret", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void withoutATokenTheEndpointsDoNotExist() throws Exception {
        OperatorAuthorization switchedOff = new OperatorAuthorization(new OperatorProperties(""));
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
