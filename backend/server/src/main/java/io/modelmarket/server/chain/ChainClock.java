package io.modelmarket.server.chain;

import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * The chain's clock as the server sees it, for the phases the contract derives from time ({@code phaseOf}): the later of
 * the server's own clock and the timestamp of the newest block the indexer saw. On a live chain the two agree
 * to within a block; on a development chain whose time was moved forward ({@code evm_increaseTime}) the newest
 * block carries the jump. A server that sees no block (its RPC is down) goes on with its own clock.
 */
@Component
public class ChainClock {
    private final Clock clock;
    private volatile long newestBlockTime;

    public ChainClock() {
        this(Clock.systemUTC());
    }

    ChainClock(Clock clock) {
        this.clock = clock;
    }

    /** Records the timestamp (Unix seconds) of the chain's newest block. */
    public void observe(long blockTime) {
        newestBlockTime = blockTime;
    }

    /** Now, in Unix seconds of the chain's clock. */
    public long now() {
        return Math.max(clock.instant().getEpochSecond(), newestBlockTime);
    }
}
