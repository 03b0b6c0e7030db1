package io.modelmarket.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Everything the chain says about one bounty, and the market's money, as an auditor reads it: nothing here
 * comes from a ModelMarket server or database.
 *
 * @param events the bounty's events in chain order
 * @param escrow the bounty's escrow as the contract stores it now
 * @param money the market's token balance and the sums its invariant is about
 */
public record BountyHistory(long chainId, String market, String bountyId, List<Event> events, BigInteger escrow, MarketMoney money) {

    /** One event: its name, block, block time (unix seconds), transaction, and fields ({@code 0x}-hex bytes, decimal integers). */
    public record Event(String name, long block, long time, String transactionHash, JsonNode fields) {
        public String text(String field) {
            return fields.path(field).asText();
        }

        public BigInteger number(String field) {
            return new BigInteger(fields.path(field).asText("0"));
        }

        public String address(String field) {
            return text(field).toLowerCase();
        }
    }

    /**
     * The market's money: {@code tokenBalance} must equal {@code totalEscrow} (every bounty's escrow) plus
     * {@code totalCredits} (every credited account's credits).
     */
    public record MarketMoney(BigInteger tokenBalance, BigInteger totalEscrow, BigInteger totalCredits, int bounties, int accounts) {}

    public Optional<Event> first(String name) {
        return events.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public List<Event> all(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    /** A copy with {@code events} instead (what a doctored history looks like, for tests of the audit). */
    public BountyHistory withEvents(List<Event> replaced) {
        return new BountyHistory(chainId, market, bountyId, replaced, escrow, money);
    }
}
