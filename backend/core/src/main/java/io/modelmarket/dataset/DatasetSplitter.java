package io.modelmarket.dataset;

import io.modelmarket.files.TemporaryFolder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a labeled CSV into the training CSV (features and label, in file order), the test-inputs CSV (the same
 * features, no label, in a secret order) and the packed test labels (in the order of the test inputs), following
 * docs/datasets.md, "Split".
 *
 * <p>Nothing published helps to guess a label before the reveal. Every row gets two keys from the split seed, which
 * is derived from the ground-truth salt ({@link SplitSeed}) and so stays secret until the requester reveals the
 * labels: bucket {@code b} (class {@code b} when stratified, else the whole file) sends its {@code round(testFraction ×
 * rows of b)} rows with the smallest selection keys (ties: the earlier row) to the test set, and the test inputs list
 * the test rows by order key (ties: file order). The metadata publishes only the test fraction and whether the split
 * is stratified. A file sorted or clustered by class therefore gives nothing away through the positions of its test
 * rows; and since the keys depend on a row's content, not on its place in the file, anyone can check after the
 * reveal, from the published files alone, that the test rows are the ones the salt draws, in its order
 * ({@link SplitReplay}).
 *
 * <p>Three streaming passes: check and count; select each bucket's test rows (a bounded heap per bucket); write.
 * The training rows stream straight out; the test rows go, in file order, to a temporary file (as large as the test
 * inputs) and are copied from it in order-key order with positional reads. The heap holds no row, only numbers: one
 * bit per row and 12 bytes per test row while selecting, then about 26 per test row (order key, offset in the
 * temporary file, label twice, place in the sort and its buffer): some 5 MB for the 200,000 test rows of a 100 MB
 * file of 100-byte rows split 80/20, however wide the rows. Holding the test rows themselves would cost several times the size of the test
 * set (Java strings), which a server that splits every upload cannot afford.
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
        SplitSeed seed = SplitSeed.fromSalt(options.salt());
        BitSet testRows;
        try (InputStream in = Files.newInputStream(input)) {
            testRows = select(new CsvReader(in, source), options, survey, seed);
        }
        try (InputStream in = Files.newInputStream(input); TemporaryFolder work = TemporaryFolder.create("modelmarket-split-")) {
            return write(new CsvReader(in, source), survey, seed, testRows, training, testInputs, work.resolve("test-rows.csv"));
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
                    throw LabelColumnCheck.tooManyLabels(reader.source(), reader.recordLine(), options.labelColumn(), distinct);
                }
            }
            rowsPerLabel.merge(label, 1L, Long::sum);
        }
        LabelColumnCheck.requireClasses(reader.source(), options.labelColumn(), labelsInOrder,
                rowsPerLabel.values().stream().mapToLong(Long::longValue).sum(), options.classesFromNumbers());
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
        long[] testQuotas = testQuotas(reader.source(), rowsPerClass, options);
        if (options.stratified()) {
            LabelColumnCheck.requireStratifiable(reader.source(), classes, rowsPerClass, options.testFraction());
        }
        return new Survey(labelIndex, classes, rowsPerClass, testQuotas);
    }

    /** The test rows of each bucket: {@code round(testFraction × rows)} of each class, or of the whole file. */
    static long[] quotas(long[] rowsPerClass, double testFraction, boolean stratified) {
        return stratified
                ? Arrays.stream(rowsPerClass).map(rows -> Math.round(testFraction * rows)).toArray()
                : new long[] {Math.round(testFraction * Arrays.stream(rowsPerClass).sum())};
    }

    private static long[] testQuotas(String source, long[] rowsPerClass, SplitOptions options) throws DatasetException {
        long total = Arrays.stream(rowsPerClass).sum();
        if (total > Integer.MAX_VALUE - 8) {
            throw new DatasetException(source + ": " + total + " rows; a dataset has at most " + (Integer.MAX_VALUE - 8));
        }
        long[] quotas = quotas(rowsPerClass, options.testFraction(), options.stratified());
        long test = Arrays.stream(quotas).sum();
        if (test == 0 || test == total) {
            throw new DatasetException(source + ": too few rows for the split: " + total + " rows at a test fraction of "
                    + options.testFraction() + " give " + test + " test and " + (total - test) + " training rows; both must be at least 1");
        }
        return quotas;
    }

    /**
     * Pass 2: every bucket's quota of rows with the smallest (selection key, row index), kept in a bounded max-heap
     * per bucket; returns the test rows' indices.
     */
    private static BitSet select(CsvReader reader, SplitOptions options, Survey survey, SplitSeed seed) throws IOException {
        long[] quotas = survey.testQuotas();
        Smallest[] smallest = new Smallest[quotas.length];
        for (int b = 0; b < quotas.length; b++) {
            smallest[b] = new Smallest((int) quotas[b]);
        }
        int index = 0;
        for (String[] row; (row = reader.next()) != null; index++) {
            int classIndex = survey.classes().indexOf(row[survey.labelIndex()].strip());
            smallest[options.stratified() ? classIndex : 0].offer(seed.keys(survey.classes().names().get(classIndex), features(row, survey)).selection(),
                    index);
        }
        BitSet testRows = new BitSet(index);
        for (Smallest bucket : smallest) {
            for (int i = 0; i < bucket.size; i++) {
                testRows.set(bucket.rows[i]);
            }
        }
        return testRows;
    }

    /** Pass 3: writes the training CSV and the test rows (to {@code rowsFile}), then the test inputs in order-key order. */
    private static SplitResult write(CsvReader reader, Survey survey, SplitSeed seed, BitSet testRowIndices, OutputStream training,
            OutputStream testInputs, Path rowsFile) throws IOException {
        List<String> header = reader.header();
        List<String> features = new ArrayList<>(header);
        features.remove(survey.labelIndex());
        int testRows = (int) Arrays.stream(survey.testQuotas()).sum();
        byte[] labelsInFileOrder = new byte[testRows];
        long[] orderKeys = new long[testRows];
        long[] offsets = new long[testRows + 1]; // test row k lies at [offsets[k], offsets[k + 1]) in rowsFile
        long trainingRows = 0;
        int k = 0;
        CsvWriter trainingCsv = new CsvWriter(training);
        trainingCsv.write(header);
        try (OutputStream rows = new BufferedOutputStream(Files.newOutputStream(rowsFile), 1 << 16)) {
            int index = 0;
            for (String[] row; (row = reader.next()) != null; index++) {
                if (testRowIndices.get(index)) {
                    int classIndex = survey.classes().indexOf(row[survey.labelIndex()].strip());
                    List<String> cells = features(row, survey);
                    byte[] line = CsvWriter.line(cells).getBytes(StandardCharsets.UTF_8);
                    rows.write(line);
                    labelsInFileOrder[k] = (byte) classIndex;
                    orderKeys[k] = seed.keys(survey.classes().names().get(classIndex), cells).order();
                    offsets[k + 1] = offsets[k] + line.length;
                    k++;
                } else {
                    trainingCsv.write(Arrays.asList(row));
                    trainingRows++;
                }
            }
        }
        trainingCsv.close();
        if (k != testRows) {
            throw new IllegalStateException("the selection took " + k + " test rows instead of " + testRows);
        }
        byte[] labels = new byte[testRows];
        int[] order = byKey(orderKeys);
        try (FileChannel rows = FileChannel.open(rowsFile, StandardOpenOption.READ);
                OutputStream out = new BufferedOutputStream(testInputs, 1 << 16)) {
            out.write(CsvWriter.line(features).getBytes(StandardCharsets.UTF_8));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 12);
            for (int j = 0; j < testRows; j++) {
                int fileRank = order[j];
                buffer = readRow(rows, offsets[fileRank], (int) (offsets[fileRank + 1] - offsets[fileRank]), buffer);
                out.write(buffer.array(), 0, buffer.limit());
                labels[j] = labelsInFileOrder[fileRank];
            }
        }
        return new SplitResult(List.copyOf(features), survey.classes(), trainingRows, labels);
    }

    /** The row's cells without its label, in file order. */
    private static List<String> features(String[] row, Survey survey) {
        List<String> cells = new ArrayList<>(row.length - 1);
        for (int column = 0; column < row.length; column++) {
            if (column != survey.labelIndex()) {
                cells.add(row[column]);
            }
        }
        return cells;
    }

    /** The indices of {@code keys} sorted by key as unsigned numbers, ties in index order (a stable merge sort, no boxing). */
    static int[] byKey(long[] keys) {
        int[] order = new int[keys.length];
        Arrays.setAll(order, i -> i);
        int[] buffer = new int[keys.length];
        for (int width = 1; width < keys.length; width *= 2) {
            for (int from = 0; from < keys.length; from += 2 * width) {
                int middle = Math.min(from + width, keys.length);
                int to = Math.min(from + 2 * width, keys.length);
                int left = from;
                int right = middle;
                for (int out = from; out < to; out++) {
                    buffer[out] = right >= to || left < middle && Long.compareUnsigned(keys[order[left]], keys[order[right]]) <= 0
                            ? order[left++] : order[right++];
                }
            }
            int[] swap = order;
            order = buffer;
            buffer = swap;
        }
        return order;
    }

    /** The {@code capacity} smallest (key, row) pairs offered, in a max-heap on two parallel arrays. */
    private static final class Smallest {
        final long[] keys;
        final int[] rows;
        int size;

        Smallest(int capacity) {
            keys = new long[capacity];
            rows = new int[capacity];
        }

        void offer(long key, int row) {
            if (size < keys.length) {
                int at = size++;
                while (at > 0 && above(key, row, (at - 1) / 2)) {
                    move((at - 1) / 2, at);
                    at = (at - 1) / 2;
                }
                keys[at] = key;
                rows[at] = row;
            } else if (size > 0 && !above(key, row, 0)) {
                int at = 0;
                while (true) {
                    int child = 2 * at + 1;
                    if (child >= size) {
                        break;
                    }
                    if (child + 1 < size && above(keys[child + 1], rows[child + 1], child)) {
                        child++;
                    }
                    if (!above(keys[child], rows[child], key, row)) {
                        break;
                    }
                    move(child, at);
                    at = child;
                }
                keys[at] = key;
                rows[at] = row;
            }
        }

        /** Whether (key, row) is above the pair at {@code at}. */
        private boolean above(long key, int row, int at) {
            return above(key, row, keys[at], rows[at]);
        }

        private static boolean above(long key, int row, long otherKey, int otherRow) {
            int byKey = Long.compareUnsigned(key, otherKey);
            return byKey > 0 || byKey == 0 && row > otherRow;
        }

        private void move(int from, int to) {
            keys[to] = keys[from];
            rows[to] = rows[from];
        }
    }

    /** Reads {@code length} bytes at {@code position} into {@code buffer} (or a larger one), flipped for reading. */
    static ByteBuffer readRow(FileChannel file, long position, int length, ByteBuffer buffer) throws IOException {
        ByteBuffer target = buffer.capacity() >= length ? buffer.clear() : ByteBuffer.allocate(Math.max(length, 2 * buffer.capacity()));
        target.limit(length);
        while (target.hasRemaining()) {
            if (file.read(target, position + target.position()) < 0) {
                throw new IOException("the temporary file of test rows ends early");
            }
        }
        return target.flip();
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

    private record Survey(int labelIndex, ClassList classes, long[] rowsPerClass, long[] testQuotas) {}
}
