package io.modelmarket.server.ipfs;

import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.KuboRpcClient;
import java.io.IOException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code ipfs} in /actuator/health: the embedded store is always up; a node must answer {@code version}. */
@Component("ipfs")
class IpfsHealthIndicator implements HealthIndicator {
    private final ContentStore store;

    IpfsHealthIndicator(ContentStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        if (!(store instanceof KuboRpcClient node)) {
            return Health.up().withDetail("store", "embedded").build();
        }
        try {
            return Health.up().withDetail("store", "kubo").withDetail("version", node.version()).build();
        } catch (IOException e) {
            return Health.down().withDetail("store", "kubo").withDetail("error", io.modelmarket.server.api.Redaction.redact(e.getMessage())).build();
        }
    }
}
