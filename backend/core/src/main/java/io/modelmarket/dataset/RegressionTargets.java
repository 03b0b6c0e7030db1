package io.modelmarket.dataset;

import io.modelmarket.protocol.FixedPoint;

/**
 * The label column of a regression split (docs/datasets.md, "Regression targets"): each cell's fixed-point target, the
 * exact decimal value × 10^d rounded half to even ({@link FixedPoint#fromDecimal}), and the target's place in a row's
 * hashed line, where it stands written as a decimal integer (so {@code 1.5}, {@code 1.50} and {@code " 1.5 "} hash alike).
 */
final class RegressionTargets {
    private final int labelIndex;
    private final String labelColumn;
    private final int decimals;

    RegressionTargets(int labelIndex, String labelColumn, int decimals) {
        this.labelIndex = labelIndex;
        this.labelColumn = labelColumn;
        this.decimals = decimals;
    }

    /** The fixed-point target of the current record; an error naming the line and the column for anything but a number in range. */
    int valueOf(CsvReader reader) throws DatasetException {
        String cell = reader.cell(labelIndex);
        try {
            return FixedPoint.fromDecimal(cell, decimals);
        } catch (IllegalArgumentException e) {
            String column = "target column '" + labelColumn + "' (" + (labelIndex + 1) + ")";
            throw DatasetException.at(reader.source(), reader.recordLine(), cell.isBlank()
                    ? column + " is empty; every row needs a numeric target"
                    : column + " holds '" + cell + "': " + e.getMessage());
        }
    }

    /** Appends {@code target} as a decimal integer and a comma: how a row's hashed line starts. */
    static void appendPrefix(int target, LineBuilder line) {
        String digits = Integer.toString(target);
        for (int i = 0; i < digits.length(); i++) {
            line.append((byte) digits.charAt(i));
        }
        line.append((byte) ',');
    }
}
