package io.modelmarket.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.protocol.FixedPoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a trainer's predictions into the packed form the commitments use: for classification one class index per byte,
 * for regression one fixed-point value per 4 bytes ({@link FixedPoint}); test row {@code i} is item {@code i}. Accepted
 * files: {@code .json}, an array; anything else is CSV with a header and one column. A classification value that is a
 * class name maps to that class, otherwise an integer in range is taken as the index; a regression value is a decimal
 * number in the target's unit ({@code 12.5}), made fixed-point as the targets are.
 */
public final class Predictions {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Predictions() {}

    /** How one value becomes its item's bytes: {@code where} names it in an error. */
    private interface Item {
        void write(String value, String where, ByteArrayOutputStream out) throws DatasetException;
    }

    /** Reads {@code file}, which must hold exactly {@code testSize} predictions over {@code classes}. */
    public static byte[] read(Path file, ClassList classes, int testSize) throws IOException {
        return read(file, testSize, 1, "class indices or names", "a class index or name", value -> value.isTextual() || value.isIntegralNumber(),
                (value, where, out) -> out.write(classIndex(value, classes, where)));
    }

    /** Reads {@code file}, which must hold exactly {@code testSize} numeric predictions, as fixed-point values of {@code decimals} decimals. */
    public static byte[] readTargets(Path file, int decimals, int testSize) throws IOException {
        FixedPoint.requireDecimals(decimals);
        return read(file, testSize, FixedPoint.BYTES, "numbers", "a number", value -> value.isTextual() || value.isNumber(),
                (value, where, out) -> out.writeBytes(ByteBuffer.allocate(FixedPoint.BYTES).putInt(fixedPoint(value, decimals, where)).array()));
    }

    /** Writes one class name per test row under the header {@code prediction}: a file {@link #read} reads back. */
    public static void write(Path file, int[] classIndices, ClassList classes) throws IOException {
        try (CsvWriter writer = new CsvWriter(Files.newOutputStream(file))) {
            writer.write(List.of("prediction"));
            for (int classIndex : classIndices) {
                writer.write(List.of(classes.names().get(classIndex)));
            }
        }
    }

    /** Writes one decimal per test row ({@code values} fixed-point, {@code decimals} decimals) under the header {@code prediction}: a file {@link #readTargets} reads back. */
    public static void writeTargets(Path file, int[] values, int decimals) throws IOException {
        try (CsvWriter writer = new CsvWriter(Files.newOutputStream(file))) {
            writer.write(List.of("prediction"));
            for (int value : values) {
                writer.write(List.of(FixedPoint.toDecimal(value, decimals)));
            }
        }
    }

    private static byte[] read(Path file, int testSize, int bytesPerItem, String kinds, String kind, Predicate<JsonNode> jsonValue, Item item)
            throws IOException {
        String source = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(testSize * bytesPerItem);
            if (source.endsWith(".json")) {
                fromJson(in, source, kinds, kind, jsonValue, item, out);
            } else {
                fromCsv(in, source, item, out);
            }
            int count = out.size() / bytesPerItem;
            if (count != testSize) {
                throw new DatasetException(source + ": expected " + testSize + " predictions (one per test row), found " + count);
            }
            return out.toByteArray();
        }
    }

    private static void fromCsv(InputStream in, String source, Item item, ByteArrayOutputStream out) throws IOException {
        CsvReader reader = new CsvReader(in, source);
        if (reader.header().size() != 1) {
            throw DatasetException.at(source, 1, "expected one column of predictions, found " + reader.header().size());
        }
        for (String[] row; (row = reader.next()) != null; ) {
            item.write(row[0].strip(), source + ":" + reader.recordLine(), out);
        }
    }

    private static void fromJson(InputStream in, String source, String kinds, String kind, Predicate<JsonNode> jsonValue, Item item,
            ByteArrayOutputStream out) throws IOException {
        JsonNode array;
        try {
            array = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new DatasetException(source + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (array == null || !array.isArray()) {
            throw new DatasetException(source + ": expected a JSON array of " + kinds);
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode value = array.get(i);
            if (!jsonValue.test(value)) {
                throw new DatasetException(source + ": item " + i + " is " + value + ", not " + kind);
            }
            item.write(value.isBigDecimal() ? value.decimalValue().toString() : value.asText(), source + ": item " + i, out);
        }
    }

    private static int classIndex(String value, ClassList classes, String where) throws DatasetException {
        int named = classes.indexOf(value);
        if (named >= 0) {
            return named;
        }
        if (value.matches("[0-9]{1,3}") && Integer.parseInt(value) < classes.size()) {
            return Integer.parseInt(value);
        }
        throw new DatasetException(where + ": '" + value + "' is neither a class name nor a class index below " + classes.size());
    }

    private static int fixedPoint(String value, int decimals, String where) throws DatasetException {
        try {
            return FixedPoint.fromDecimal(value, decimals);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(where + ": '" + value + "': " + e.getMessage());
        }
    }
}
