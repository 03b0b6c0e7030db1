package io.modelmarket.dataset;

import io.modelmarket.protocol.FixedPoint;
import java.util.List;

/**
 * What a split produced besides the two CSV files.
 *
 * @param features the feature columns with their types ({@code float32} numeric, {@code string} categorical), in file order
 * @param classes the class list the labels index into; {@code null} for a regression split
 * @param trainingRows rows written to the training CSV
 * @param labels the test labels in test-row order, the ground truth: one class index per byte, or for regression one
 *     fixed-point target per 4 bytes ({@link FixedPoint})
 */
public record SplitResult(List<BountyMetadata.Feature> features, ClassList classes, long trainingRows, byte[] labels) {
    /** The feature columns' names, in file order. */
    public List<String> featureColumns() {
        return features.stream().map(BountyMetadata.Feature::name).toList();
    }

    public boolean regression() {
        return classes == null;
    }

    public int testRows() {
        return regression() ? labels.length / FixedPoint.BYTES : labels.length;
    }
}
