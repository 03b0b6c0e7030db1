package io.modelmarket.server.ipfs;

import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.KuboRpcClient;
import io.modelmarket.server.health.OutageClock;
import java.io.IOException;
import java.time.Clock;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code ipfs} in /actuator/health: the embedded store is always up; a node must answer {@code version}. */
@Component("ipfs")
class IpfsHealthIndicator implements HealthIndicator {
    private final ContentStore store;
    private final OutageClock outage;

    IpfsHealthIndicator(ContentStore store, IpfsProperties properties) {
        this.store = store;
        this.outage = new OutageClock("the IPFS node at " + properties.kuboUrl(), Clock.systemUTC());
    }

    @Override
    public Health health() {
        if (!(store instanceof KuboRpcClient node)) {
            return Health.up().withDetail("store", "embedded").build();
        }
        try {
            return outage.up(Health.up().withDetail("store", "kubo").withDetail("version", node.version()));
        } catch (IOException e) {
            return outage.down(Health.down().withDetail("store", "kubo").withDetail("error", io.modelmarket.server.web.Redaction.redact(String.valueOf(e.getMessage()))), e);
        }
    }
}
