package io.modelmarket.server.indexer;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Which of the servers sharing a database indexes the chain: the holder of the one-row
 * {@code indexer_lease} table. The others serve reads from the same database and take the lease over once
 * it has run out, {@link IndexerLeaseProperties#duration()} after its holder last renewed it.
 *
 * <p>The holder renews the lease in the same transaction as each range it indexes ({@link #renewInTransaction()}),
 * with a conditional UPDATE on its own name: a server that lost the lease (paused past its expiry, cut off
 * from the database) finds the row taken, and its range rolls back, so two servers never both commit. The
 * UPDATE also locks the row until the range commits, so nobody takes over in between. Expiry uses the
 * servers' clocks, which should agree to well within the lease (NTP); a server whose clock runs ahead only
 * takes the lease early, it never makes two servers commit.
 */
public class IndexerLease {
    private static final Logger LOG = LoggerFactory.getLogger(IndexerLease.class);

    /** The lease as the database has it now. */
    public record Holder(String serverId, Instant acquiredAt, Instant expiresAt) {}

    private final JdbcClient db;
    private final String serverId;
    private final Duration duration;
    private final Clock clock;
    private volatile boolean held;

    public IndexerLease(JdbcClient db, IndexerLeaseProperties properties, Clock clock) {
        this.db = db;
        this.serverId = properties.serverId().isBlank() ? defaultServerId() : properties.serverId();
        this.duration = properties.duration();
        this.clock = clock;
    }

    /** This server's name in the lease. */
    public String serverId() {
        return serverId;
    }

    /** Takes the lease if it is free or has run out, or renews it if this server holds it; true if it holds it now. */
    public boolean acquire() {
        long now = clock.millis();
        boolean nowHeld = db.sql("""
                        UPDATE indexer_lease SET holder = :me, expires_at = :expires,
                            acquired_at = CASE WHEN holder = :me THEN acquired_at ELSE :now END
                        WHERE id = 1 AND (holder = :me OR expires_at < :now)""")
                .param("me", serverId).param("expires", now + duration.toMillis()).param("now", now)
                .update() == 1;
        if (nowHeld != held) {
            LOG.info(nowHeld ? "server {} took the indexer lease: it indexes the chain now" : "server {} lost the indexer lease: it serves reads only", serverId);
        }
        held = nowHeld;
        return nowHeld;
    }

    /**
     * Renews the lease inside the caller's transaction, or fails it: throws {@link LeaseLostException} when
     * another server holds the lease now, so that nothing the transaction wrote is committed.
     */
    public void renewInTransaction() {
        int renewed = db.sql("UPDATE indexer_lease SET expires_at = ? WHERE id = 1 AND holder = ?")
                .params(clock.millis() + duration.toMillis(), serverId).update();
        if (renewed == 0) {
            held = false;
            throw new LeaseLostException(serverId);
        }
    }

    /** The lease's holder, or empty if no server ever took it. */
    public Optional<Holder> current() {
        return db.sql("SELECT holder, acquired_at, expires_at FROM indexer_lease WHERE id = 1 AND holder <> ''")
                .query((row, n) -> new Holder(row.getString(1), Instant.ofEpochMilli(row.getLong(2)), Instant.ofEpochMilli(row.getLong(3))))
                .optional();
    }

    /** Lets the lease run out now, so that a standby server takes over at once (a clean shutdown). */
    public void release() {
        if (db.sql("UPDATE indexer_lease SET expires_at = 0 WHERE id = 1 AND holder = ?").param(serverId).update() == 1) {
            LOG.info("server {} released the indexer lease", serverId);
        }
        held = false;
    }

    private static String defaultServerId() {
        return ManagementFactory.getRuntimeMXBean().getName(); // pid@host
    }

    /** The lease was taken over by another server; the transaction that noticed it must not commit. */
    public static final class LeaseLostException extends IllegalStateException {
        LeaseLostException(String serverId) {
            super("server " + serverId + " no longer holds the indexer lease; another server indexes now");
        }
    }
}
