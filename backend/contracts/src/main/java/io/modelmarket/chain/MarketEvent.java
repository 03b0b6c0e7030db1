package io.modelmarket.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Optional;
import org.web3j.utils.Numeric;

/**
 * One decoded event of the market and where it happened; its fields as JSON ({@code 0x}-hex bytes,
 * integers as decimal strings), as {@link MarketEventDecoder} reads them from a log.
 */
public record MarketEvent(String name, long block, String transactionHash, long logIndex, JsonNode fields) {

    public String text(String field) {
        return fields.path(field).asText();
    }

    public BigInteger number(String field) {
        return new BigInteger(fields.path(field).asText("0"));
    }

    /** An address field, lower-case. */
    public String address(String field) {
        return text(field).toLowerCase();
    }

    /**
     * The bounty the event concerns, {@code 0x}-hex: its {@code bountyId}, or the evidence group of an ERC-1497
     * {@code Evidence} or {@code Dispute} (the market's group of a bounty is {@code uint256(bountyId)}); empty for
     * an event of no one bounty ({@code Withdrawn}, {@code Ruling}, {@code MetaEvidence}).
     */
    public Optional<String> bountyId() {
        if (fields.has("bountyId")) {
            return Optional.of(text("bountyId"));
        }
        if (fields.has("_evidenceGroupID")) {
            return Optional.of(Numeric.toHexStringWithPrefixZeroPadded(number("_evidenceGroupID"), 64));
        }
        return Optional.empty();
    }

    /** The same event with other fields (what a doctored history looks like, for tests of an audit). */
    public MarketEvent withFields(JsonNode replaced) {
        return new MarketEvent(name, block, transactionHash, logIndex, replaced);
    }
}
