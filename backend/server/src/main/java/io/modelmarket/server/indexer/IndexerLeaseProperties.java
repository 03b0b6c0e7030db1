package io.modelmarket.server.indexer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The indexer lease that lets several servers share one database while exactly one of them indexes.
 *
 * @param serverId this server's name in the lease and in health (empty: host name and process id)
 * @param duration how long a lease lasts without renewal: the longest a standby server waits after the
 *     indexing one died before it takes over (plus one poll interval)
 */
@ConfigurationProperties("modelmarket.indexer")
public record IndexerLeaseProperties(@DefaultValue("") String serverId, @DefaultValue("5s") Duration duration) {}
