package io.modelmarket.protocol;

/**
 * The scores of docs/protocol.md, "Scoring", exactly as the contract's {@code Scoring} library computes them: higher is
 * better, from 0 to {@link #maxScore}. Every off-chain party that scores (the audit's recount, a trainer's claim, a
 * requester's check) goes through this class.
 */
public final class Scoring {
    /** {@code Scoring.Metric}, in the contract's declaration order. */
    public enum Metric {
        /** Classification: one class index per byte; the score counts the matching items. */
        ACCURACY,
        /** Regression: fixed-point int32 items ({@link FixedPoint}); the score is {@code Σ (maxError − min(|p − y|, maxError))}. */
        MEAN_ABSOLUTE_ERROR;

        /** The metric the contract numbers {@code index}. */
        public static Metric ofIndex(int index) {
            if (index < 0 || index >= values().length) {
                throw new IllegalArgumentException("metric " + index + " is not one of " + java.util.Arrays.toString(values()));
            }
            return values()[index];
        }
    }

    private Scoring() {}

    /**
     * The score of {@code predictions} against {@code labels} under {@code metric} ({@code maxError} is read by
     * {@link Metric#MEAN_ABSOLUTE_ERROR} only).
     *
     * @throws IllegalArgumentException when the vectors differ in length, or are not whole fixed-point vectors
     */
    public static long score(Metric metric, long maxError, byte[] predictions, byte[] labels) {
        if (predictions.length != labels.length) {
            throw new IllegalArgumentException(predictions.length + " prediction bytes for " + labels.length + " label bytes");
        }
        return switch (metric) {
            case ACCURACY -> Commitments.countMatches(predictions, labels);
            case MEAN_ABSOLUTE_ERROR -> meanAbsoluteError(FixedPoint.decode(predictions), FixedPoint.decode(labels), maxError);
        };
    }

    /**
     * {@code Σ (maxError − min(|p − y|, maxError))} over the items, in int64: {@code |p − y|} of two int32 is at most
     * 2^32 − 1 and the sum of 150,000 items stays far below 2^63.
     */
    public static long meanAbsoluteError(int[] predictions, int[] labels, long maxError) {
        requireMaxError(maxError);
        return maxError * predictions.length - absoluteErrors(predictions, labels, maxError);
    }

    /**
     * {@code Σ min(|p − y|, clip)} over the fixed-point items: the errors the score subtracts ({@code clip} is
     * {@code maxError}), or, with {@code clip} {@code 2^32 − 1} (no error of two int32 is larger), the whole error the
     * registry's mean absolute error is made of.
     */
    public static long absoluteErrors(int[] predictions, int[] labels, long clip) {
        if (predictions.length != labels.length) {
            throw new IllegalArgumentException(predictions.length + " predictions for " + labels.length + " labels");
        }
        long sum = 0;
        for (int i = 0; i < predictions.length; i++) {
            sum += Math.min(Math.abs((long) predictions[i] - labels[i]), clip);
        }
        return sum;
    }

    /** The best score of {@code items} items: {@code items} for accuracy, {@code maxError × items} for mean absolute error. */
    public static long maxScore(Metric metric, long maxError, int items) {
        return switch (metric) {
            case ACCURACY -> items;
            case MEAN_ABSOLUTE_ERROR -> requireMaxError(maxError) * items;
        };
    }

    private static long requireMaxError(long maxError) {
        if (maxError < 1 || maxError > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("maxError must be a uint32 of at least 1, got " + maxError);
        }
        return maxError;
    }
}
