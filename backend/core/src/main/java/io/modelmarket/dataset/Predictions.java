package io.modelmarket.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a trainer's predictions into the packed form the commitments use (one class index per byte, test
 * row {@code i} at byte {@code i}). Accepted files: {@code .json}, an array of class indices or class names;
 * anything else is CSV with a header and one column. A value that is a class name maps to that class;
 * otherwise an integer in range is taken as the index.
 */
public final class Predictions {
    private Predictions() {}

    /** Reads {@code file}, which must hold exactly {@code testSize} predictions over {@code classes}. */
    public static byte[] read(Path file, ClassList classes, int testSize) throws IOException {
        String source = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] predictions = source.endsWith(".json") ? fromJson(in, source, classes) : fromCsv(in, source, classes, testSize);
            if (predictions.length != testSize) {
                throw new DatasetException(source + ": expected " + testSize + " predictions (one per test row), found " + predictions.length);
            }
            return predictions;
        }
    }

    /** Writes one class name per test row under the header {@code prediction}: a file {@link #read} reads back. */
    public static void write(Path file, int[] classIndices, ClassList classes) throws IOException {
        try (CsvWriter writer = new CsvWriter(Files.newOutputStream(file))) {
            writer.write(java.util.List.of("prediction"));
            for (int classIndex : classIndices) {
                writer.write(java.util.List.of(classes.names().get(classIndex)));
            }
        }
    }

    private static byte[] fromCsv(InputStream in, String source, ClassList classes, int testSize) throws IOException {
        CsvReader reader = new CsvReader(in, source);
        if (reader.header().size() != 1) {
            throw DatasetException.at(source, 1, "expected one column of predictions, found " + reader.header().size());
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(testSize);
        for (String[] row; (row = reader.next()) != null; ) {
            out.write(classIndex(row[0].strip(), classes, source + ":" + reader.recordLine()));
        }
        return out.toByteArray();
    }

    private static byte[] fromJson(InputStream in, String source, ClassList classes) throws IOException {
        JsonNode array;
        try {
            array = new ObjectMapper().readTree(in);
        } catch (JsonProcessingException e) {
            throw new DatasetException(source + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (array == null || !array.isArray()) {
            throw new DatasetException(source + ": expected a JSON array of class indices or names");
        }
        byte[] out = new byte[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode value = array.get(i);
            if (!value.isTextual() && !value.isIntegralNumber()) {
                throw new DatasetException(source + ": item " + i + " is " + value + ", not a class index or name");
            }
            out[i] = (byte) classIndex(value.asText(), classes, source + ": item " + i);
        }
        return out;
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
}
