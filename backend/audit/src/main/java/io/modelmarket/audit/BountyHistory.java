package io.modelmarket.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelmarket.bounty.BountyRecord;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.protocol.Bytes32;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the chain says about one bounty, and the market's money, as an auditor reads it: nothing here
 * comes from a ModelMarket server or database.
 *
 * @param events the bounty's events in chain order
 * @param blockTimes the timestamp (unix seconds) of every block an event is in
 * @param escrow the bounty's escrow as the contract stores it now
 * @param money the market's token balance and the sums its invariant is about
 * @param rulings what the market's ERC-792 arbitrator holds of each dispute the bounty raised, by dispute id
 */
public record BountyHistory(long chainId, String market, String bountyId, List<MarketEvent> events, Map<Long, Long> blockTimes,
        BigInteger escrow, MarketMoney money, Map<BigInteger, ArbitratorRuling> rulings) {

    /**
     * The arbitrator's own record of a dispute (ERC-792 {@code disputeStatus} and {@code currentRuling}).
     *
     * @param status {@code Waiting}, {@code Appealable} or {@code Solved}
     * @param ruling its ruling (final once Solved)
     */
    public record ArbitratorRuling(String status, BigInteger ruling) {
        /** {@code IArbitrator.DisputeStatus}. */
        public static final List<String> STATUSES = List.of("Waiting", "Appealable", "Solved");

        public boolean solved() {
            return status.equals("Solved");
        }
    }

    /**
     * The market's money: {@code tokenBalance} must be at least {@code totalEscrow} (every bounty's escrow) plus
     * {@code totalCredits} (every credited account's credits); more when anyone sent tokens to the market directly.
     */
    public record MarketMoney(BigInteger tokenBalance, BigInteger totalEscrow, BigInteger totalCredits, int bounties, int accounts,
            Ether ether) {}

    /**
     * The market's ether: {@code balance} must be at least {@code totalFeeBonds} (the fee bonds of the bounties not ended)
     * plus {@code totalFeeCredits} (every fee-credited account's fee credits); more when ether was forced into it.
     */
    public record Ether(BigInteger balance, BigInteger totalFeeBonds, BigInteger totalFeeCredits) {}

    public Optional<MarketEvent> first(String name) {
        return events.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public List<MarketEvent> all(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    /**
     * The bounty's terms as its creation fixed them (reward, trainerStake, CIDs, commitments, …): the {@code params}
     * of its {@code BountyCreated}; empty without one.
     */
    public Optional<JsonNode> terms() {
        return first("BountyCreated").map(created -> created.fields().get("params"));
    }

    /**
     * The bounty as its events tell it.
     *
     * @throws IllegalArgumentException when the events hold no {@code BountyCreated}
     */
    public BountyRecord record() {
        return BountyRecord.of(Bytes32.fromHex(bountyId), events);
    }

    /** A copy with {@code events} instead (what a doctored history looks like, for tests of the audit). */
    public BountyHistory withEvents(List<MarketEvent> replaced) {
        return new BountyHistory(chainId, market, bountyId, replaced, blockTimes, escrow, money, rulings);
    }

    /** When {@code event} happened, in unix seconds (its block's timestamp). */
    public long time(MarketEvent event) {
        return blockTimes.getOrDefault(event.block(), 0L);
    }
}
