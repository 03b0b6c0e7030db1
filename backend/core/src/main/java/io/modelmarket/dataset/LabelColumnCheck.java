package io.modelmarket.dataset;

import java.util.Collection;

/**
 * Whether a label column holds classes the market can score (docs/datasets.md, "Is the label column classes?"): a
 * column of many distinct numbers looks like a numeric target (regression) and is refused unless the requester says
 * the numbers are classes, and a stratified split needs one test and one training row of every class. The browser's
 * split (frontend/src/requester/labelColumn.ts) decides the same with the same messages.
 */
final class LabelColumnCheck {
    /** Numeric labels with more distinct values than this, and than one in {@link #ROWS_PER_VALUE} rows, look like a target. */
    static final int MANY_NUMERIC_VALUES = 10;
    static final int ROWS_PER_VALUE = 20;

    private LabelColumnCheck() {}

    /** Refuses a column of many distinct numbers unless {@code classesFromNumbers}: it is a regression bounty's target. */
    static void requireClasses(String source, String labelColumn, Collection<String> distinctLabels, long rows, boolean classesFromNumbers)
            throws DatasetException {
        int values = distinctLabels.size();
        if (classesFromNumbers || values <= MANY_NUMERIC_VALUES || (long) values * ROWS_PER_VALUE <= rows || !allNumeric(distinctLabels)) {
            return;
        }
        throw new DatasetException(source + ": label column '" + labelColumn + "' has " + values + " distinct numeric values in " + rows
                + " rows: it looks like a numeric target, not classes: post it as a regression bounty (--task regression in the CLI), or"
                + " pass --classes-from-numbers (CLI) / tick 'These numbers are classes' (UI) to post it as classification anyway");
    }

    /** The refusal of a label column with more than {@link ClassList#MAX_CLASSES} distinct labels, found at {@code line}. */
    static DatasetException tooManyLabels(String source, long line, String labelColumn, Collection<String> distinctLabels) {
        return DatasetException.at(source, line, allNumeric(distinctLabels)
                ? "label column '" + labelColumn + "' has more than " + ClassList.MAX_CLASSES + " distinct numeric values: it looks like a"
                        + " numeric target, not classes (a classification bounty has at most " + ClassList.MAX_CLASSES + "): post it as a"
                        + " regression bounty (--task regression in the CLI)"
                : "more than " + ClassList.MAX_CLASSES + " distinct labels; a bounty has at most " + ClassList.MAX_CLASSES + " classes");
    }

    /**
     * Refuses a stratified split that leaves a class of the data without a test row or without a training row, naming
     * the first such class. A class of the list with no row at all (a gap in numeric labels) is not checked.
     */
    static void requireStratifiable(String source, ClassList classes, long[] rowsPerClass, double testFraction) throws DatasetException {
        long needed = leastStratifiedRows(testFraction);
        for (int c = 0; c < rowsPerClass.length; c++) {
            if (rowsPerClass[c] > 0 && rowsPerClass[c] < needed) {
                String name = classes.names().get(c);
                throw new DatasetException(source + ": class '" + name + "' has " + rowsPerClass[c] + (rowsPerClass[c] == 1 ? " row" : " rows")
                        + "; a stratified split at a test fraction of " + testFraction + " needs at least " + needed + " rows of every class"
                        + " (one test row and one training row): add rows of class '" + name + "', or split without stratification");
            }
        }
    }

    /** The fewest rows {@code n} a class needs so that its test quota {@code round(testFraction × n)} is 1 to {@code n - 1}. */
    static long leastStratifiedRows(double testFraction) {
        // round(f n) >= 1 needs f n >= 1/2, round(f n) <= n - 1 needs (1 - f) n > 1/2: start just below both, then count up
        // (no further than a dataset's most rows, for a fraction so close to 0 or 1 that no dataset could do).
        long n = Math.max(1, Math.min(Integer.MAX_VALUE, (long) Math.floor(0.5 / Math.min(testFraction, 1 - testFraction)) - 1));
        while (n < Integer.MAX_VALUE && !hasTestAndTrainingRow(n, testFraction)) {
            n++;
        }
        return n;
    }

    private static boolean hasTestAndTrainingRow(long rows, double testFraction) {
        long test = DatasetSplitter.quotas(new long[] {rows}, testFraction, true)[0];
        return test >= 1 && test <= rows - 1;
    }

    private static boolean allNumeric(Collection<String> labels) {
        return labels.stream().allMatch(DatasetSplitter::isDecimal);
    }
}
