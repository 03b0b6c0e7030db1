package io.modelmarket.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.protocol.Scoring.Metric;
import org.junit.jupiter.api.Test;

class ScoringTest {
    @Test
    void meanAbsoluteErrorScoresMaxErrorLessTheClippedErrorOfEachItem() {
        int[] labels = {100, -250, 0, 40};
        int[] predictions = {103, -240, 0, 1000};
        // errors 3, 10, 0, 960 clipped to 50: (50 - 3) + (50 - 10) + 50 + 0
        assertThat(Scoring.meanAbsoluteError(predictions, labels, 50)).isEqualTo(137);
        assertThat(Scoring.meanAbsoluteError(labels, labels, 50)).isEqualTo(Scoring.maxScore(Metric.MEAN_ABSOLUTE_ERROR, 50, 4)).isEqualTo(200);
        assertThat(Scoring.meanAbsoluteError(new int[] {-5}, new int[] {5}, 10)).isZero(); // an error of exactly maxError scores 0
        assertThat(Scoring.meanAbsoluteError(new int[] {-5}, new int[] {4}, 10)).isEqualTo(1);
        assertThat(Scoring.absoluteErrors(predictions, labels, 50)).isEqualTo(3 + 10 + 0 + 50);
        assertThat(Scoring.absoluteErrors(predictions, labels, 0xFFFF_FFFFL)).isEqualTo(3 + 10 + 0 + 960); // the whole error
    }

    @Test
    void computesInInt64AtTheInt32Extremes() {
        long largestMaxError = 0xFFFF_FFFFL;
        int[] lowest = {Integer.MIN_VALUE, Integer.MAX_VALUE};
        int[] highest = {Integer.MAX_VALUE, Integer.MIN_VALUE};
        // |p - y| = 2^32 - 1 on both items: in int32 it would overflow to -1
        assertThat(Scoring.meanAbsoluteError(lowest, highest, largestMaxError)).isZero();
        assertThat(Scoring.meanAbsoluteError(lowest, lowest, largestMaxError)).isEqualTo(2 * largestMaxError);
        assertThat(Scoring.meanAbsoluteError(new int[] {Integer.MAX_VALUE}, new int[] {-1}, largestMaxError)).isEqualTo(largestMaxError - (1L << 31));
        int[] many = new int[150_000];
        assertThat(Scoring.maxScore(Metric.MEAN_ABSOLUTE_ERROR, largestMaxError, many.length)).isEqualTo(150_000 * largestMaxError);
        assertThat(Scoring.meanAbsoluteError(many, many, largestMaxError)).isEqualTo(150_000 * largestMaxError);
    }

    @Test
    void scoresPackedVectorsByMetric() {
        byte[] labels = FixedPoint.encode(new int[] {-1234, 500});
        byte[] predictions = FixedPoint.encode(new int[] {-1230, 600});
        assertThat(Scoring.score(Metric.MEAN_ABSOLUTE_ERROR, 10, predictions, labels)).isEqualTo(6);
        assertThat(Scoring.score(Metric.ACCURACY, 0, new byte[] {1, 2, 3}, new byte[] {1, 0, 3})).isEqualTo(2);
        assertThat(Scoring.maxScore(Metric.ACCURACY, 0, 400)).isEqualTo(400);
        assertThat(Metric.ofIndex(1)).isEqualTo(Metric.MEAN_ABSOLUTE_ERROR);
        assertThatThrownBy(() -> Scoring.score(Metric.MEAN_ABSOLUTE_ERROR, 10, new byte[4], new byte[8])).hasMessage("4 prediction bytes for 8 label bytes");
        assertThatThrownBy(() -> Scoring.meanAbsoluteError(new int[1], new int[1], 0)).hasMessageContaining("maxError must be a uint32 of at least 1");
        assertThatThrownBy(() -> Scoring.meanAbsoluteError(new int[1], new int[1], 1L << 32)).hasMessageContaining("maxError must be a uint32");
        assertThatThrownBy(() -> Metric.ofIndex(2)).hasMessageContaining("metric 2 is not one of");
    }
}
