package io.modelmarket.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "modelmarket.operator.token=server-test-operator")
@AutoConfigureObservability // tests switch metrics export off unless asked
class ModelMarketServerTest {
    @Autowired
    private TestRestTemplate http;

    @Test
    void startsOnLoopbackAndReportsHealth() {
        // Details are the operator's (modelmarket.operator.token); everyone else sees the status alone.
        assertThat(http.getForObject("/actuator/health", String.class)).isEqualTo("{\"status\":\"UP\"}");
        HttpHeaders operator = new HttpHeaders();
        operator.setBearerAuth("server-test-operator");
        assertThat(http.exchange("/actuator/health", HttpMethod.GET, new HttpEntity<>(operator), String.class).getBody())
                .contains("\"status\":\"UP\"", "\"ipfs\":{\"status\":\"UP\"", "\"db\":{\"status\":\"UP\"");
    }

    @Test
    void publishesItsApiAndMetrics() {
        assertThat(http.getForObject("/v3/api-docs", String.class)).contains("/api/models/{id}/predict", "/api/bounties", "/ipfs/{cid}");
        assertThat(http.getForObject("/swagger-ui/index.html", String.class)).contains("Swagger UI");
        assertThat(http.getForObject("/actuator/prometheus", String.class)).contains("jvm_memory_used_bytes");
    }
}
