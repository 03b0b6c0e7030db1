package io.modelmarket.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;

/**
 * The fixed-point numbers of a regression bounty (docs/protocol.md, "Encodings"): a target or a prediction {@code v} of a
 * bounty with {@code targetDecimals} {@code d} is the int32 {@code round-half-even(v × 10^d)}, and a vector of them is 4
 * bytes per item, big-endian two's complement: the labels the ground truth commits to and the predictions a trainer
 * commits to and reveals. Every caller that makes, reads or writes these values goes through this class.
 */
public final class FixedPoint {
    /** Bytes per item of a regression label or prediction vector. */
    public static final int BYTES = Integer.BYTES;
    /** The most decimals a bounty's targets may have: 10^9 still leaves the int32 room for values up to ±2.1. */
    public static final int MAX_DECIMALS = 9;
    /**
     * How far, in units of the last decimal, a verifier's re-run prediction may lie from the revealed one and still
     * reproduce it, besides the relative part ({@link #RELATIVE_TOLERANCE_SHIFT}): float32 results differ across ONNX
     * Runtime builds (native, WASM, SIMD or not) and can cross a rounding boundary, which moves the fixed-point value by
     * one unit.
     */
    public static final int REPRODUCTION_TOLERANCE = 1;
    /**
     * The relative part of the reproduction tolerance: 2^-16 of the revealed value, about 128 float32 steps of it. Where
     * the unit is finer than a float32 step of the value (350000.00 at 2 decimals is 35,000,000 units, and a float32 step
     * at 350000 is 0.03125, 3 units), one unit alone would turn a last-bit difference between runtimes into a rejection.
     */
    public static final int RELATIVE_TOLERANCE_SHIFT = 16;

    private static final double[] POWERS_OF_TEN = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    /** Digits of the largest int32 (2147483647). */
    private static final int INT32_DIGITS = 10;

    private FixedPoint() {}

    /** Refuses decimals outside {@code 0..MAX_DECIMALS}. */
    public static int requireDecimals(int decimals) {
        if (decimals < 0 || decimals > MAX_DECIMALS) {
            throw new IllegalArgumentException("the target decimals must be 0 to " + MAX_DECIMALS + ", got " + decimals);
        }
        return decimals;
    }

    /**
     * The fixed-point value of the decimal {@code text} ({@code [+-]digits[.digits][e[+-]digits]}, as a CSV cell holds it,
     * surrounding spaces stripped), computed exactly: {@code 1.5} and {@code 1.50} give the same value.
     *
     * @throws IllegalArgumentException when {@code text} is not such a decimal (empty, NaN, Infinity, text), or its value
     *     at {@code decimals} decimals lies outside the int32 range; the message completes "holds '…': …"
     */
    public static int fromDecimal(String text, int decimals) {
        requireDecimals(decimals);
        String decimal = text.strip();
        BigDecimal value;
        try {
            if (!decimal.chars().allMatch(c -> c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E')) {
                throw new NumberFormatException(); // BigDecimal also reads digits of other scripts
            }
            value = new BigDecimal(decimal);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a decimal number");
        }
        if (value.signum() == 0) {
            return 0;
        }
        int integerDigits = value.precision() - value.scale();
        if (integerDigits + decimals > INT32_DIGITS) {
            // at least 10^10 once scaled: beyond the int32 range, found before setScale builds a number that large
            throw outOfRange(decimals);
        }
        if (integerDigits + decimals < 0) {
            return 0; // |value × 10^d| < 0.1 rounds to 0, found before setScale divides by a huge power of ten
        }
        BigDecimal scaled = value.setScale(decimals, RoundingMode.HALF_EVEN);
        if (scaled.unscaledValue().bitLength() > 31) {
            throw outOfRange(decimals);
        }
        return scaled.unscaledValue().intValue();
    }

    /**
     * The fixed-point value of a model's float32 output {@code value}: {@code round-half-even(value × 10^d)}. The product
     * is exact in a double (a float32 significand has 24 bits, 5^9 has 21), so every implementation that multiplies in
     * float64 and rounds half to even gets the same int32.
     *
     * @throws IllegalArgumentException when {@code value} is NaN or infinite, or the result lies outside the int32 range;
     *     the message completes "the prediction …"
     */
    public static int fromFloat(float value, int decimals) {
        requireDecimals(decimals);
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("is " + value + "; predictions must be finite numbers");
        }
        double scaled = Math.rint((double) value * POWERS_OF_TEN[decimals]);
        if (scaled < Integer.MIN_VALUE || scaled > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("is " + String.format(java.util.Locale.ROOT, "%.0f", scaled) + " at " + decimals
                    + " decimals, beyond the int32 range (" + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")");
        }
        return (int) scaled;
    }

    /**
     * Whether a re-run prediction {@code rerun} reproduces the revealed {@code revealed}: they differ by at most
     * {@link #REPRODUCTION_TOLERANCE} unit plus {@code |revealed| / 2^16} (docs/protocol.md, decision 24).
     */
    public static boolean reproduces(int revealed, int rerun) {
        long allowed = REPRODUCTION_TOLERANCE + (Math.abs((long) revealed) >> RELATIVE_TOLERANCE_SHIFT);
        return Math.abs((long) rerun - revealed) <= allowed;
    }

    /** {@code value} at {@code decimals} decimals as a plain decimal, e.g. {@code -12.340} for -12340 at 3: what {@link #fromDecimal} reads back. */
    public static String toDecimal(int value, int decimals) {
        return BigDecimal.valueOf(value, requireDecimals(decimals)).toPlainString();
    }

    /** The vector of {@code values}: 4 bytes each, big-endian two's complement. */
    public static byte[] encode(int[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * BYTES);
        for (int value : values) {
            bytes.putInt(value);
        }
        return bytes.array();
    }

    /**
     * The values of a vector {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when its length is not a multiple of 4
     */
    public static int[] decode(byte[] vector) {
        if (vector.length % BYTES != 0) {
            throw new IllegalArgumentException("a fixed-point vector has 4 bytes per item; " + vector.length + " bytes is not a whole number of items");
        }
        int[] values = new int[vector.length / BYTES];
        ByteBuffer bytes = ByteBuffer.wrap(vector);
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes.getInt();
        }
        return values;
    }

    private static IllegalArgumentException outOfRange(int decimals) {
        return new IllegalArgumentException("at " + decimals + " decimals its fixed-point value lies beyond the int32 range ("
                + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + "); use fewer decimals");
    }
}
