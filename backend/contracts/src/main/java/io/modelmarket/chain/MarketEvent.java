package io.modelmarket.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;

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

    /** The same event with other fields (what a doctored history looks like, for tests of an audit). */
    public MarketEvent withFields(JsonNode replaced) {
        return new MarketEvent(name, block, transactionHash, logIndex, replaced);
    }
}
