package io.modelmarket.dataset;

import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.FixedPoint;
import java.util.List;
import java.util.Set;

/**
 * How to split a labeled CSV into a training set and a test set.
 *
 * @param labelColumn the header name of the label column
 * @param testFraction the share of rows that go to the test set, in (0, 1)
 * @param salt the bounty's ground-truth salt: the split's secret ({@link SplitSeed}) is derived from it, so the
 *     same salt and input give the same split, and nobody can replay it before the salt is revealed with the labels.
 *     It must be the salt of the bounty's reveal kit, or audits cannot replay the split.
 * @param stratified whether every class gets the same test share (rounded per class)
 * @param classNames the ordered class list, or {@code null} to derive it from the labels (see {@link ClassList})
 * @param classesFromNumbers whether a label column of many distinct numbers is taken as classes all the same; without it
 *     such a column is refused as a numeric target ({@link LabelColumnCheck})
 * @param task what the label column holds: classes, or a numeric target (regression: never stratified, no class list)
 * @param targetDecimals for regression, the decimals {@code d} of the fixed-point targets ({@link FixedPoint}); 0 otherwise
 * @param categoricalColumns feature columns that are categorical whatever they hold (zip codes, ids); the split decides
 *     the others' types from their cells ({@link FeatureTypes}). Naming a column that is not a feature is an error.
 */
public record SplitOptions(String labelColumn, double testFraction, Bytes32 salt, boolean stratified, List<String> classNames,
        boolean classesFromNumbers, Task task, int targetDecimals, Set<String> categoricalColumns) {
    public static final String DEFAULT_LABEL_COLUMN = "label";

    /** What a bounty predicts: a class, or a number (docs/datasets.md, "Regression targets"). */
    public enum Task { CLASSIFICATION, REGRESSION }

    /** Options for classification. */
    public SplitOptions(String labelColumn, double testFraction, Bytes32 salt, boolean stratified, List<String> classNames,
            boolean classesFromNumbers) {
        this(labelColumn, testFraction, salt, stratified, classNames, classesFromNumbers, Task.CLASSIFICATION, 0, Set.of());
    }

    /** Options for a regression split: its targets become fixed-point numbers of {@code targetDecimals} decimals. */
    public static SplitOptions regression(String labelColumn, double testFraction, Bytes32 salt, int targetDecimals) {
        return new SplitOptions(labelColumn, testFraction, salt, false, null, false, Task.REGRESSION, targetDecimals, Set.of());
    }

    /** These options with {@code columns} categorical whatever they hold. */
    public SplitOptions withCategorical(Set<String> columns) {
        return new SplitOptions(labelColumn, testFraction, salt, stratified, classNames, classesFromNumbers, task, targetDecimals, columns);
    }

    /** Options that refuse a label column of many distinct numbers. */
    public SplitOptions(String labelColumn, double testFraction, Bytes32 salt, boolean stratified, List<String> classNames) {
        this(labelColumn, testFraction, salt, stratified, classNames, false);
    }

    public SplitOptions {
        if (labelColumn == null || labelColumn.isBlank()) {
            throw new IllegalArgumentException("the label column needs a name");
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("the test fraction must be between 0 and 1 (exclusive), got " + testFraction);
        }
        if (salt == null) {
            throw new IllegalArgumentException("the split needs the ground-truth salt");
        }
        if (task == null) {
            throw new IllegalArgumentException("the split needs its task");
        }
        if (task == Task.REGRESSION) {
            FixedPoint.requireDecimals(targetDecimals);
            if (stratified || classNames != null) {
                throw new IllegalArgumentException("a regression split has no classes: it is neither stratified nor given a class list");
            }
        } else if (targetDecimals != 0) {
            throw new IllegalArgumentException("target decimals are for regression splits only");
        }
        classNames = classNames == null ? null : List.copyOf(classNames);
        categoricalColumns = categoricalColumns == null ? Set.of() : Set.copyOf(categoricalColumns);
    }
}
