package io.modelmarket.server.registry;

import io.modelmarket.dataset.BountyMetadata.Feature;
import io.modelmarket.dataset.CsvReader;
import io.modelmarket.dataset.CsvWriter;
import io.modelmarket.dataset.DatasetException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rows of a prediction call, checked against the model's features (docs/datasets.md, "Column types") and written as
 * the test-inputs CSV the sandbox reads, so that a prediction runs exactly as the verifier's run. A cell is missing when
 * it is {@code null}, empty or only spaces (U+0020). A numeric feature's cell is missing or a decimal number of the
 * feature grammar that fits a float32; a categorical feature's cell is any text, an unseen category included (the model
 * decides what it makes of it).
 */
final class PredictionRows {
    /** A numeric cell once stripped: {@code [+-]?(digits[.digits] | .digits)([eE][+-]?digits)?}, no NaN, infinity or hex. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private final List<Feature> features;
    private final List<String> columnNames;
    private final List<String[]> rows = new ArrayList<>();

    /** Rows of {@code features}, whose columns errors call by the features' names. */
    PredictionRows(List<Feature> features) {
        this(features, features.stream().map(Feature::name).toList());
    }

    /** Rows of {@code features}, whose columns errors call {@code columnNames} (a CSV's header). */
    PredictionRows(List<Feature> features, List<String> columnNames) {
        this.features = features;
        this.columnNames = columnNames;
    }

    /**
     * Checks and keeps one row of cells, one a feature; a bad cell is refused naming the row ({@code where}: {@code "row 3, "}
     * or {@code "rows.csv:4: "}) and the column.
     */
    void add(List<String> cells, String where) throws DatasetException {
        String[] row = new String[features.size()];
        for (int column = 0; column < row.length; column++) {
            String cell = cells.get(column);
            String place = where + "column '" + columnNames.get(column) + "': ";
            if (cell == null || Feature.isMissing(cell)) {
                row[column] = "";
            } else if (features.get(column).isCategorical()) {
                row[column] = text(cell, place);
            } else {
                row[column] = number(cell.strip(), place);
            }
        }
        rows.add(row);
    }

    int size() {
        return rows.size();
    }

    private static String number(String cell, String place) throws DatasetException {
        if (!DECIMAL.matcher(cell).matches()) {
            throw new DatasetException(place + "'" + cell + "' is not a number");
        }
        if (Float.isInfinite(Float.parseFloat(cell))) {
            throw new DatasetException(place + cell + " is beyond the float32 range");
        }
        return cell;
    }

    /** A categorical cell as the CSV reader will give it back: not too long, no U+FFFD (the reader refuses it) or lone surrogate. */
    private static String text(String cell, String place) throws DatasetException {
        if (cell.length() > CsvReader.MAX_CELL_CHARS) {
            throw new DatasetException(place + "the text is longer than " + CsvReader.MAX_CELL_CHARS + " characters");
        }
        if (cell.codePoints().anyMatch(c -> c == 0xFFFD || Character.getType(c) == Character.SURROGATE)) {
            throw new DatasetException(place + "the text holds U+FFFD or a lone surrogate, which is not valid text");
        }
        return cell;
    }

    /** Writes the feature names and the rows as the CSV writer writes a test-inputs file ({@link CsvWriter#line}). */
    void write(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(CsvWriter.line(features.stream().map(Feature::name).toList()));
            for (String[] row : rows) {
                out.write(CsvWriter.line(Arrays.asList(row)));
            }
        }
    }
}
