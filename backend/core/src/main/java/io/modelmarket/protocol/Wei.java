package io.modelmarket.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of ModelCoin (or ether) in wei, a {@code uint256}. Wherever it leaves a Java process (JSON,
 * forms, query strings) it is a decimal string of digits, {@code "18446744073709551617"}, never a JSON
 * number: JavaScript reads every JSON number as a double, exact only up to 2^53 wei (0.009 MDC), which would
 * silently round a reward or stake (as JSON-RPC quantities, ethers and Etherscan, ModelMarket never sends
 * a uint256 as a number). Reading JSON, only such a string is accepted.
 */
@JsonDeserialize(using = Wei.FromJson.class)
public record Wei(BigInteger value) implements Comparable<Wei> {
    /** What every amount on the wire matches (OpenAPI's {@code pattern}). */
    public static final String PATTERN = "^[0-9]+$";

    public static final BigInteger MAX_UINT256 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    public static final Wei ZERO = new Wei(BigInteger.ZERO);

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,78}");

    public Wei {
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0 || value.compareTo(MAX_UINT256) > 0) {
            throw new IllegalArgumentException("an amount in wei is a uint256 (0 to 2^256 - 1), not " + value);
        }
    }

    public static Wei of(BigInteger value) {
        return new Wei(value);
    }

    public static Wei of(long value) {
        return new Wei(BigInteger.valueOf(value));
    }

    /**
     * Parses a decimal string of digits (no sign, no exponent, no decimal point). Also what Spring's form
     * binding calls to turn a request parameter into a {@code Wei}.
     */
    public static Wei valueOf(String decimal) {
        if (decimal == null || !DIGITS.matcher(decimal).matches()) {
            throw new IllegalArgumentException("'" + decimal + "' is not an amount in wei (a decimal string of digits, e.g. \"1000000000000000000\" for 1 MDC)");
        }
        return new Wei(new BigInteger(decimal));
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    @Override
    public int compareTo(Wei other) {
        return value.compareTo(other.value);
    }

    /** The decimal digits: what JSON and every other text form carry. */
    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }

    /** Accepts a JSON string of digits only: a JSON number may already have been rounded by its writer. */
    static final class FromJson extends StdDeserializer<Wei> {
        FromJson() {
            super(Wei.class);
        }

        @Override
        public Wei deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Wei) context.handleUnexpectedToken(Wei.class, parser.currentToken(), parser,
                        "an amount in wei must be a decimal string, e.g. \"1000000000000000000\", not %s", parser.currentToken());
            }
            try {
                return valueOf(parser.getText());
            } catch (IllegalArgumentException e) {
                return (Wei) context.handleWeirdStringValue(Wei.class, parser.getText(), "%s", e.getMessage());
            }
        }
    }
}
