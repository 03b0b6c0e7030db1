package io.modelmarket.dataset;

import io.modelmarket.protocol.FixedPoint;
import java.util.List;

/**
 * What a split produced besides the two CSV files.
 *
 * @param featureColumns the feature columns, in file order (the order of the model's input)
 * @param classes the class list the labels index into; {@code null} for a regression split
 * @param trainingRows rows written to the training CSV
 * @param labels the test labels in test-row order, the ground truth: one class index per byte, or for regression one
 *     fixed-point target per 4 bytes ({@link FixedPoint})
 */
public record SplitResult(List<String> featureColumns, ClassList classes, long trainingRows, byte[] labels) {
    public boolean regression() {
        return classes == null;
    }

    public int testRows() {
        return regression() ? labels.length / FixedPoint.BYTES : labels.length;
    }
}
