package io.modelmarket.dataset;

import java.util.List;

/**
 * What a split produced besides the two CSV files.
 *
 * @param featureColumns the feature columns, in file order (the order of the model's input)
 * @param classes the class list the labels index into
 * @param trainingRows rows written to the training CSV
 * @param labels the test labels, one class index per byte, in test-row order: the ground truth
 */
public record SplitResult(List<String> featureColumns, ClassList classes, long trainingRows, byte[] labels) {
    public int testRows() {
        return labels.length;
    }
}
