package io.modelmarket.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // tests switch metrics export off unless asked
class ModelMarketServerTest {
    @Autowired
    private TestRestTemplate http;

    @Test
    void startsOnLoopbackAndReportsHealth() {
        assertThat(http.getForObject("/actuator/health", String.class))
                .contains("\"status\":\"UP\"", "\"ipfs\":{\"status\":\"UP\"", "\"db\":{\"status\":\"UP\"");
    }

    @Test
    void publishesItsApiAndMetrics() {
        assertThat(http.getForObject("/v3/api-docs", String.class)).contains("/api/models/{id}/predict", "/api/bounties", "/ipfs/{cid}");
        assertThat(http.getForObject("/swagger-ui/index.html", String.class)).contains("Swagger UI");
        assertThat(http.getForObject("/actuator/prometheus", String.class)).contains("jvm_memory_used_bytes");
    }
}
