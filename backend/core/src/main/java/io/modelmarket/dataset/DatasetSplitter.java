package io.modelmarket.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a labeled CSV into the training CSV (features and label), the test-inputs CSV (the same features in
 * the same order, no label) and the packed test labels, in two streaming passes and constant memory besides
 * the labels themselves.
 *
 * <p>Selection is exact and portable: class {@code c} (or the whole file, unstratified) sends
 * {@code round(testFraction * rows of c)} rows to the test set; row {@code i} is chosen with selection
 * sampling, when {@code u(seed, i) * rowsLeft < testRowsLeft}, where {@code u} is the first 53 bits of
 * {@code SHA-256(seed as 8 bytes || i as 8 bytes, big-endian)} over 2^53. Rows keep their file order in
 * both outputs. The same seed and input give byte-identical outputs on any machine.
 */
public final class DatasetSplitter {
    private DatasetSplitter() {}

    public static SplitResult split(Path input, SplitOptions options, OutputStream training, OutputStream testInputs)
            throws IOException {
        String source = input.getFileName().toString();
        Survey survey;
        try (InputStream in = Files.newInputStream(input)) {
            survey = survey(new CsvReader(in, source), options);
        }
        try (InputStream in = Files.newInputStream(input)) {
            return write(new CsvReader(in, source), options, survey, training, testInputs);
        }
    }

    /** Pass 1: checks every row, counts rows per class, fixes the class list. */
    private static Survey survey(CsvReader reader, SplitOptions options) throws IOException {
        int labelIndex = reader.header().indexOf(options.labelColumn());
        if (labelIndex < 0) {
            throw DatasetException.at(reader.source(), 1, "no label column '" + options.labelColumn() + "'; the header has "
                    + reader.header());
        }
        if (reader.header().size() < 2) {
            throw DatasetException.at(reader.source(), 1, "the file has no feature column besides the label");
        }
        List<String> labelsInOrder = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        Map<String, Long> rowsPerLabel = new HashMap<>();
        for (String[] row; (row = reader.next()) != null; ) {
            checkFeatures(reader, row, labelIndex);
            String label = row[labelIndex].strip();
            if (label.isEmpty()) {
                throw DatasetException.at(reader.source(), reader.recordLine(), "the label ('" + options.labelColumn() + "') is empty");
            }
            if (distinct.add(label)) {
                labelsInOrder.add(label);
                if (distinct.size() > ClassList.MAX_CLASSES && options.classNames() == null) {
                    throw DatasetException.at(reader.source(), reader.recordLine(),
                            "more than " + ClassList.MAX_CLASSES + " distinct labels; a bounty has at most " + ClassList.MAX_CLASSES + " classes");
                }
            }
            rowsPerLabel.merge(label, 1L, Long::sum);
        }
        ClassList classes;
        try {
            classes = options.classNames() != null ? new ClassList(options.classNames()) : ClassList.derive(labelsInOrder);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(e.getMessage());
        }
        for (String label : labelsInOrder) {
            if (classes.indexOf(label) < 0) {
                throw new DatasetException(reader.source() + ": label '" + label + "' is not in the class list " + classes.names());
            }
        }
        long[] rowsPerClass = new long[classes.size()];
        rowsPerLabel.forEach((label, count) -> rowsPerClass[classes.indexOf(label)] += count);
        return new Survey(labelIndex, classes, rowsPerClass, testQuotas(reader.source(), rowsPerClass, options));
    }

    private static long[] testQuotas(String source, long[] rowsPerClass, SplitOptions options) throws DatasetException {
        long total = java.util.Arrays.stream(rowsPerClass).sum();
        long[] quotas = options.stratified()
                ? java.util.Arrays.stream(rowsPerClass).map(rows -> Math.round(options.testFraction() * rows)).toArray()
                : new long[] {Math.round(options.testFraction() * total)};
        long test = java.util.Arrays.stream(quotas).sum();
        if (test == 0 || test == total) {
            throw new DatasetException(source + ": too few rows for the split: " + total + " rows at a test fraction of "
                    + options.testFraction() + " give " + test + " test and " + (total - test) + " training rows; both must be at least 1");
        }
        return quotas;
    }

    /** Pass 2: writes both CSVs and collects the test labels. */
    private static SplitResult write(CsvReader reader, SplitOptions options, Survey survey, OutputStream training,
            OutputStream testInputs) throws IOException {
        List<String> header = reader.header();
        List<String> features = new ArrayList<>(header);
        features.remove(survey.labelIndex());
        long[] rowsLeft = options.stratified() ? survey.rowsPerClass().clone() : new long[] {java.util.Arrays.stream(survey.rowsPerClass()).sum()};
        long[] testLeft = survey.testQuotas().clone();
        java.io.ByteArrayOutputStream labels = new java.io.ByteArrayOutputStream();
        long trainingRows = 0;
        MessageDigest sha256 = sha256();
        CsvWriter trainingCsv = new CsvWriter(training);
        CsvWriter testCsv = new CsvWriter(testInputs);
        trainingCsv.write(header);
        testCsv.write(features);
        long index = 0;
        for (String[] row; (row = reader.next()) != null; index++) {
            int classIndex = survey.classes().indexOf(row[survey.labelIndex()].strip());
            int bucket = options.stratified() ? classIndex : 0;
            boolean test = uniform(sha256, options.seed(), index) * rowsLeft[bucket] < testLeft[bucket];
            rowsLeft[bucket]--;
            List<String> cells = new ArrayList<>(List.of(row));
            if (test) {
                testLeft[bucket]--;
                cells.remove(survey.labelIndex());
                testCsv.write(cells);
                labels.write(classIndex);
            } else {
                trainingCsv.write(cells);
                trainingRows++;
            }
        }
        trainingCsv.close();
        testCsv.close();
        return new SplitResult(List.copyOf(features), survey.classes(), trainingRows, labels.toByteArray());
    }

    private static void checkFeatures(CsvReader reader, String[] row, int labelIndex) throws DatasetException {
        for (int column = 0; column < row.length; column++) {
            if (column == labelIndex) {
                continue;
            }
            String value = row[column].strip();
            if (!isDecimal(value) || !fitsFloat32(value)) {
                throw DatasetException.at(reader.source(), reader.recordLine(), "column '" + reader.header().get(column)
                        + "' (" + (column + 1) + ") holds '" + row[column] + "'; expected a number that fits a float32"
                        + (value.isEmpty() ? " (empty cells are not allowed in feature columns)" : ""));
            }
        }
    }

    /** Whether {@code text} is {@code [+-]?(digits[.digits*] | .digits)([eE][+-]?digits)?}: no NaN, hex or suffixes. */
    static boolean isDecimal(String text) {
        int i = 0;
        int n = text.length();
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    /** Whether a decimal is finite as a float32; without an exponent, up to 38 digits always are (max 3.4e38). */
    private static boolean fitsFloat32(String decimal) {
        boolean plain = decimal.length() <= 38 && decimal.indexOf('e') < 0 && decimal.indexOf('E') < 0;
        return plain || !Float.isInfinite(Float.parseFloat(decimal));
    }

    /** A uniform double in [0, 1) from SHA-256(seed || index). */
    private static double uniform(MessageDigest sha256, long seed, long index) {
        byte[] digest = sha256.digest(ByteBuffer.allocate(16).putLong(seed).putLong(index).array());
        return (ByteBuffer.wrap(digest).getLong() >>> 11) * 0x1.0p-53;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private record Survey(int labelIndex, ClassList classes, long[] rowsPerClass, long[] testQuotas) {}
}
