package io.modelmarket.cli;

import io.modelmarket.protocol.Wei;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** ModelCoin amounts (18 decimals) and durations as people write them. */
final class Amounts {
    static final int DECIMALS = 18;

    private Amounts() {}

    /**
     * An amount as wei, exact: {@code 12.5} or {@code 12.5MDC} (MDC, up to 18 decimals), or
     * {@code 12500000000000000000wei} (wei, digits only).
     */
    static final class Mdc implements ITypeConverter<BigInteger> {
        @Override
        public BigInteger convert(String value) {
            String text = value.strip().toLowerCase(Locale.ROOT);
            try {
                if (text.endsWith("wei")) {
                    return Wei.valueOf(text.substring(0, text.length() - 3).strip()).value();
                }
                BigDecimal amount = new BigDecimal(text.endsWith("mdc") ? text.substring(0, text.length() - 3).strip() : text);
                if (amount.signum() < 0) {
                    throw new TypeConversionException("'" + value + "' is negative; amounts are in MDC, e.g. 12.5");
                }
                return Wei.of(amount.movePointRight(DECIMALS).toBigIntegerExact()).value();
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not an amount in MDC, e.g. 12.5, or in wei, e.g. 12500000000000000000wei");
            } catch (ArithmeticException e) {
                throw new TypeConversionException("'" + value + "' has more than " + DECIMALS + " decimals");
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "': " + e.getMessage());
            }
        }
    }

    /** {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}, a number of seconds, or an ISO-8601 duration. */
    static final class Seconds implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.strip().toLowerCase();
            try {
                if (text.matches("\\d+")) {
                    return Duration.ofSeconds(Long.parseLong(text));
                }
                if (text.matches("\\d+[smhd]")) {
                    long n = Long.parseLong(text.substring(0, text.length() - 1));
                    return switch (text.charAt(text.length() - 1)) {
                        case 's' -> Duration.ofSeconds(n);
                        case 'm' -> Duration.ofMinutes(n);
                        case 'h' -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
                }
                return Duration.parse(value.strip().toUpperCase());
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (e.g. 90s, 15m, 2h, 7d or PT1H)");
            }
        }
    }

    /** Wei of the chain's currency as ether, exact to the wei, e.g. {@code 0.1 ether}. */
    static String ether(BigInteger wei) {
        BigDecimal ether = new BigDecimal(wei).movePointLeft(DECIMALS).stripTrailingZeros();
        return ether.toPlainString() + " ether";
    }

    /** Wei as MDC, exact to the wei, e.g. {@code 1,000.5 MDC} or {@code 18.446744073709551617 MDC}. */
    static String format(BigInteger wei) {
        BigDecimal mdc = new BigDecimal(wei).movePointLeft(DECIMALS).stripTrailingZeros();
        return String.format("%,." + Math.max(mdc.scale(), 0) + "f", mdc) + " MDC";
    }
}
