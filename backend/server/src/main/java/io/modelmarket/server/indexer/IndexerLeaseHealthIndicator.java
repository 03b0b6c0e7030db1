package io.modelmarket.server.indexer;

import java.time.Clock;
import java.time.Instant;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * {@code indexer} in /actuator/health: whether this server indexes the chain or serves reads while another
 * one holds the {@link IndexerLease}, in a sentence. Up either way; the {@code db} component reports a
 * database that does not answer.
 */
@Component("indexer")
@ConditionalOnBean(IndexerLease.class)
class IndexerLeaseHealthIndicator implements HealthIndicator {
    private final IndexerLease lease;
    private final Clock clock;

    IndexerLeaseHealthIndicator(IndexerLease lease) {
        this.lease = lease;
        this.clock = Clock.systemUTC();
    }

    @Override
    public Health health() {
        String me = lease.serverId();
        Health.Builder health = Health.up().withDetail("serverId", me);
        try {
            return lease.current().map(holder -> {
                boolean live = holder.expiresAt().isAfter(Instant.now(clock));
                boolean mine = holder.serverId().equals(me);
                String role = live ? (mine ? "indexing" : "standby") : "taking over";
                String sentence = !live
                        ? "No server has renewed the indexer lease since " + holder.expiresAt() + " (last held by " + holder.serverId()
                                + "); this server takes it over at its next poll."
                        : mine
                                ? "This server indexes the chain, since " + holder.acquiredAt() + "; its lease runs until " + holder.expiresAt() + "."
                                : "Server " + holder.serverId() + " indexes the chain, since " + holder.acquiredAt() + "; this server serves reads and "
                                        + "takes over if that lease runs out (now " + holder.expiresAt() + ").";
                return health.withDetail("role", role).withDetail("holder", holder.serverId()).withDetail("leaseExpires", holder.expiresAt().toString())
                        .withDetail("status", sentence).build();
            }).orElseGet(() -> health.withDetail("role", "taking over").withDetail("status", "No server has indexed the chain yet; this server takes "
                    + "the indexer lease at its next poll.").build());
        } catch (DataAccessException e) {
            return health.unknown().withDetail("status", "The indexer lease cannot be read: the database does not answer.").build();
        }
    }
}
