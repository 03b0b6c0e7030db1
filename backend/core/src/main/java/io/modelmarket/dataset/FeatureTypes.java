package io.modelmarket.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Decides each feature column's type while the split's first pass streams the file (docs/datasets.md, "Column types"):
 * numeric when every non-missing cell is a decimal that fits a float32, else categorical; a column the requester names
 * categorical is one whatever it holds. A missing cell is empty or holds only spaces (U+0020). Two flags a column, no
 * set of values, so a column of millions of distinct values costs what any other does.
 */
final class FeatureTypes {
    private final List<String> header;
    private final int labelIndex;
    private final boolean[] numeric; // every non-missing cell so far is a float32 decimal, and the column is not forced categorical
    private final boolean[] seen; // some cell so far is not missing

    /** The types of the feature columns of {@code header} (all but {@code labelIndex}); {@code categorical} names forced ones. */
    FeatureTypes(String source, List<String> header, int labelIndex, Set<String> categorical) throws DatasetException {
        this.header = header;
        this.labelIndex = labelIndex;
        numeric = new boolean[header.size()];
        seen = new boolean[header.size()];
        Arrays.fill(numeric, true);
        for (String name : categorical) {
            int column = header.indexOf(name);
            if (column < 0 || column == labelIndex) {
                throw DatasetException.at(source, 1, "the categorical column '" + name + "' is not a feature column"
                        + (column == labelIndex ? " (it is the label column)" : "; the header has " + header));
            }
            numeric[column] = false;
        }
    }

    /** Takes in the cells of the current record of {@code reader}. */
    void observe(CsvReader reader) {
        for (int column = 0; column < numeric.length; column++) {
            if (column == labelIndex || reader.isPlainNumber(column)) {
                seen[column] |= column != labelIndex;
                continue;
            }
            if (seen[column] && !numeric[column]) {
                continue; // categorical with a value: nothing left to learn from this column
            }
            if (!isMissing(reader.bytes(), reader.start(column), reader.end(column))) {
                seen[column] = true;
                if (numeric[column]) {
                    String value = reader.cell(column).strip();
                    numeric[column] = DatasetSplitter.isDecimal(value) && DatasetSplitter.fitsFloat32(value);
                }
            }
        }
    }

    /** Whether the UTF-8 cell {@code [start, end)} is missing: empty or only spaces (U+0020). */
    static boolean isMissing(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (bytes[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    /** Whether column {@code column} is numeric so far: every cell a float32 decimal or missing, and not named categorical. */
    boolean numeric(int column) {
        return numeric[column];
    }

    /** Whether some cell of column {@code column} so far is not missing. */
    boolean seen(int column) {
        return seen[column];
    }

    /** The feature columns and their types, in file order, once every row is observed; a column with no value is an error. */
    List<BountyMetadata.Feature> features(String source) throws DatasetException {
        List<BountyMetadata.Feature> features = new ArrayList<>();
        for (int column = 0; column < numeric.length; column++) {
            if (column == labelIndex) {
                continue;
            }
            if (!seen[column]) {
                throw new DatasetException(source + ": feature column '" + header.get(column) + "' (" + (column + 1) + ") has no value in any row");
            }
            features.add(new BountyMetadata.Feature(header.get(column), numeric[column] ? BountyMetadata.Feature.NUMERIC : BountyMetadata.Feature.CATEGORICAL));
        }
        return features;
    }
}
