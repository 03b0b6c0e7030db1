package io.modelmarket.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** ModelCoin amounts (18 decimals) and durations as people write them. */
final class Amounts {
    static final int DECIMALS = 18;

    private Amounts() {}

    /** {@code 12.5} (MDC) as wei. */
    static final class Mdc implements ITypeConverter<BigInteger> {
        @Override
        public BigInteger convert(String value) {
            try {
                BigDecimal amount = new BigDecimal(value.strip());
                if (amount.signum() < 0) {
                    throw new TypeConversionException("'" + value + "' is negative; amounts are in MDC, e.g. 12.5");
                }
                return amount.movePointRight(DECIMALS).toBigIntegerExact();
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not an amount in MDC, e.g. 12.5");
            } catch (ArithmeticException e) {
                throw new TypeConversionException("'" + value + "' has more than " + DECIMALS + " decimals");
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

    /** Wei as MDC with up to 6 decimals, e.g. {@code 1,000.5 MDC}. */
    static String format(BigInteger wei) {
        BigDecimal mdc = new BigDecimal(wei).movePointLeft(DECIMALS).stripTrailingZeros();
        String text = mdc.scale() > 6 ? String.format("%,.6f", mdc) : String.format("%,." + Math.max(mdc.scale(), 0) + "f", mdc);
        return text + " MDC";
    }
}
