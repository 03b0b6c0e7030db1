package io.modelmarket.server.health;

import io.modelmarket.server.web.Redaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.actuate.health.Health;

/**
 * Remembers since when one of the server's dependencies (the chain's RPC, the database, the IPFS node) has
 * been failing, so that {@code /actuator/health} can say so in a sentence: what is down, since when, and
 * why. The outage starts at the first failed health check after a good one (a load balancer that checks
 * every few seconds makes that the start of the outage to within those seconds) and ends at the next good one.
 * URLs in the sentence are cut to scheme, host and port (hosted RPC URLs carry API keys).
 */
public final class OutageClock {
    private final String dependency;
    private final Clock clock;
    private final AtomicReference<Instant> since = new AtomicReference<>();

    /** {@code dependency} names what may go down, as the subject of a sentence ("the database at jdbc:…"). */
    public OutageClock(String dependency, Clock clock) {
        this.dependency = dependency;
        this.clock = clock;
    }

    /** Records that the dependency answered, and returns {@code health} as built. */
    public Health up(Health.Builder health) {
        since.set(null);
        return health.build();
    }

    /** Records that the dependency failed with {@code error}; returns {@code health} marked down, with the outage in words. */
    public Health down(Health.Builder health, Exception error) {
        Instant now = clock.instant();
        Instant start = since.updateAndGet(known -> known == null ? now : known);
        String reason = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return health.down()
                .withDetail("downSince", start.toString())
                .withDetail("outage", Redaction.redact(capitalized(dependency) + " has not answered since " + start + " ("
                        + Duration.between(start, now).toSeconds() + " s): " + reason))
                .build();
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
