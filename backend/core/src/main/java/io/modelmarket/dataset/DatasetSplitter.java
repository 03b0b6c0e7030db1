package io.modelmarket.dataset;

import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.protocol.FixedPoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * ({@link SplitReplay}). A regression split ({@link RegressionTargets}) reads fixed-point targets instead of classes, is
 * never stratified, hashes each row with its target as a decimal integer in the class name's place, and returns 4 bytes
 * per test label.
 *
 * <p>Two streaming passes over bytes, never a String per cell ({@link CsvReader#nextRecord()}): the first checks and
 * counts every row and hashes it (on a second thread, {@link KeyingThread}), keeping each bucket's {@link Candidates}
 * for the test set, from which it selects once the counts fix the quotas; the second writes. When the candidates fall
 * short (possible with many duplicate rows) a select pass in between reads the file once more (a bounded heap per
 * bucket), so the result is always the one docs/datasets.md defines. The training rows stream straight out, a plain
 * line copied as it stands; the test rows go, in file order, to a temporary file (as large as the test inputs) and are
 * copied from it, mapped, in order-key order. The heap holds no row, only numbers: one bit per row and 12 bytes per
 * candidate (about 1.05 to 1.6 per test row) while selecting, then about 25 per test row (order key, offset in the
 * temporary file, label twice, place in the sort and its buffer): some 5 MB for the 200,000 test rows of a 100 MB
 * file of 100-byte rows split 80/20, however wide the rows. Holding the test rows themselves would cost several times
 * the size of the test set (Java strings), which a server that splits every upload cannot afford.
 */
public final class DatasetSplitter {
    /** Output is written in pieces of about this many bytes. */
    private static final int FLUSH_BYTES = 1 << 16;

    private DatasetSplitter() {}

    public static SplitResult split(Path input, SplitOptions options, OutputStream training, OutputStream testInputs)
            throws IOException {
        String source = input.getFileName().toString();
        SplitSeed seed = SplitSeed.fromSalt(options.salt());
        Survey survey;
        try (InputStream in = Files.newInputStream(input)) {
            survey = survey(new CsvReader(in, source), options, seed);
        }
        BitSet testRows = survey.testRows();
        if (testRows == null) {
            try (InputStream in = Files.newInputStream(input)) {
                testRows = select(new CsvReader(in, source), options, survey, seed);
            }
        }
        try (InputStream in = Files.newInputStream(input); TemporaryFolder work = TemporaryFolder.create("modelmarket-split-")) {
            return write(new CsvReader(in, source), survey, seed, testRows, training, testInputs, work.resolve("test-rows.csv"));
        }
    }

    /**
     * Pass 1: checks every row, counts rows per class, fixes the class list, and selects the test rows from the
     * candidates it kept (see {@link Candidates}), or leaves that to {@link #select} when they fall short.
     */
    private static Survey survey(CsvReader reader, SplitOptions options, SplitSeed seed) throws IOException {
        int labelIndex = reader.header().indexOf(options.labelColumn());
        if (labelIndex < 0) {
            throw DatasetException.at(reader.source(), 1, "no label column '" + options.labelColumn() + "'; the header has "
                    + reader.header());
        }
        if (reader.header().size() < 2) {
            throw DatasetException.at(reader.source(), 1, "the file has no feature column besides the label");
        }
        FeatureTypes types = new FeatureTypes(reader.source(), reader.header(), labelIndex, options.categoricalColumns());
        RegressionTargets targets = options.task() == SplitOptions.Task.REGRESSION
                ? new RegressionTargets(labelIndex, options.labelColumn(), options.targetDecimals()) : null;
        Labels labels = new Labels();
        long[] rowsPerLabel = new long[16];
        long targetRows = 0; // regression
        Candidates.Pruning pruning = new Candidates.Pruning(options.testFraction());
        List<Candidates> candidates; // per label when stratified, else one for the file
        try (KeyingThread keying = new KeyingThread(seed, pruning)) {
            while (reader.nextRecord()) {
                types.observe(reader);
                if (targets != null) {
                    int target = targets.valueOf(reader);
                    LineBuilder line = keying.line();
                    RegressionTargets.appendPrefix(target, line);
                    CsvWriter.appendRecord(reader, labelIndex, line);
                    keying.add(0);
                    targetRows++;
                    continue;
                }
                int distinct = labels.count();
                int label = labels.idOf(reader, labelIndex);
                if (label < 0) {
                    throw DatasetException.at(reader.source(), reader.recordLine(), "the label ('" + options.labelColumn() + "') is empty");
                }
                if (labels.count() > distinct) {
                    if (label == rowsPerLabel.length) {
                        rowsPerLabel = Arrays.copyOf(rowsPerLabel, 2 * label);
                    }
                    if (labels.count() > ClassList.MAX_CLASSES && options.classNames() == null) {
                        throw LabelColumnCheck.tooManyLabels(reader.source(), reader.recordLine(), options.labelColumn(), labels.inOrder());
                    }
                }
                rowsPerLabel[label]++;
                LineBuilder line = keying.line();
                line.append(labels.prefix(label), 0, labels.prefix(label).length);
                CsvWriter.appendRecord(reader, labelIndex, line);
                keying.add(options.stratified() ? label : 0);
            }
            candidates = keying.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while splitting " + reader.source());
        }
        Survey survey = targets != null
                ? new Survey(labelIndex, null, null, null, targets, testQuotas(reader.source(), new long[] {targetRows}, options), new BitSet(), null)
                : classes(reader.source(), options, labelIndex, labels, rowsPerLabel);
        survey = survey.withFeatures(types.features(reader.source()));
        for (int b = 0; b < candidates.size(); b++) {
            long quota = survey.testQuotas()[options.stratified() ? survey.classOfLabel()[b] : 0];
            if (!candidates.get(b).selectInto(quota, survey.testRows(), pruning)) {
                return new Survey(labelIndex, survey.classes(), survey.labels(), survey.classOfLabel(), targets, survey.testQuotas(), null,
                        survey.features());
            }
        }
        return survey;
    }

    /** The class list of a classification split and the class of each distinct label, once the first pass has counted them. */
    private static Survey classes(String source, SplitOptions options, int labelIndex, Labels labels, long[] rowsPerLabel)
            throws DatasetException {
        LabelColumnCheck.requireClasses(source, options.labelColumn(), labels.inOrder(),
                Arrays.stream(rowsPerLabel).sum(), options.classesFromNumbers());
        ClassList classes;
        try {
            classes = options.classNames() != null ? new ClassList(options.classNames()) : ClassList.derive(labels.inOrder());
        } catch (IllegalArgumentException e) {
            throw new DatasetException(e.getMessage());
        }
        int[] classOfLabel = new int[labels.count()];
        long[] rowsPerClass = new long[classes.size()];
        for (int label = 0; label < labels.count(); label++) {
            classOfLabel[label] = classes.indexOf(labels.inOrder().get(label));
            if (classOfLabel[label] < 0) {
                throw new DatasetException(source + ": label '" + labels.inOrder().get(label) + "' is not in the class list " + classes.names());
            }
            rowsPerClass[classOfLabel[label]] += rowsPerLabel[label];
        }
        long[] quotas = testQuotas(source, rowsPerClass, options);
        if (options.stratified()) {
            LabelColumnCheck.requireStratifiable(source, classes, rowsPerClass, options.testFraction());
        }
        return new Survey(labelIndex, classes, labels, classOfLabel, null, quotas, new BitSet(), null);
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
     * Pass 2, only when the survey's candidates fell short: every bucket's quota of rows with the smallest (selection
     * key, row index), kept in a bounded max-heap per bucket; returns the test rows' indices.
     */
    private static BitSet select(CsvReader reader, SplitOptions options, Survey survey, SplitSeed seed) throws IOException {
        long[] quotas = survey.testQuotas();
        Smallest[] smallest = new Smallest[quotas.length];
        for (int b = 0; b < quotas.length; b++) {
            smallest[b] = new Smallest((int) quotas[b]);
        }
        LineBuilder line = new LineBuilder();
        int index = 0;
        for (; reader.nextRecord(); index++) {
            int label = hash(reader, survey, seed, line);
            smallest[options.stratified() ? label : 0].offer(seed.selection(), index);
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
        byte[] classesInFileOrder = survey.targets() == null ? new byte[testRows] : null;
        int[] targetsInFileOrder = survey.targets() != null ? new int[testRows] : null;
        long[] orderKeys = new long[testRows];
        long[] offsets = new long[testRows + 1]; // test row k lies at [offsets[k], offsets[k + 1]) in rowsFile
        long trainingRows = 0;
        int k = 0;
        LineBuilder trainingLines = new LineBuilder();
        LineBuilder testLines = new LineBuilder();
        LineBuilder line = new LineBuilder();
        byte[] headerLine = CsvWriter.line(header).getBytes(StandardCharsets.UTF_8);
        trainingLines.append(headerLine, 0, headerLine.length);
        try (OutputStream rows = Files.newOutputStream(rowsFile)) {
            int index = 0;
            for (; reader.skimRecord(); index++) {
                if (testRowIndices.get(index)) {
                    reader.cutCells();
                    int testLineStart = testLines.length();
                    CsvWriter.appendRecord(reader, survey.labelIndex(), testLines);
                    int label = hash(reader, survey, seed, line);
                    if (classesInFileOrder != null) {
                        classesInFileOrder[k] = (byte) label;
                    } else {
                        targetsInFileOrder[k] = label;
                    }
                    orderKeys[k] = seed.order();
                    offsets[k + 1] = offsets[k] + testLines.length() - testLineStart;
                    k++;
                    if (testLines.length() >= FLUSH_BYTES) {
                        testLines.writeTo(rows);
                    }
                } else {
                    CsvWriter.appendRecord(reader, -1, trainingLines);
                    trainingRows++;
                    if (trainingLines.length() >= FLUSH_BYTES) {
                        trainingLines.writeTo(training);
                    }
                }
            }
            testLines.writeTo(rows);
        }
        trainingLines.writeTo(training);
        training.flush();
        if (k != testRows) {
            throw new IllegalStateException("the selection took " + k + " test rows instead of " + testRows);
        }
        byte[] labels = new byte[testRows];
        int[] targets = targetsInFileOrder != null ? new int[testRows] : null;
        int[] order = byKey(orderKeys);
        // The test rows are read back in a random order: mapped, one copy each, no system call per row.
        try (FileChannel rows = FileChannel.open(rowsFile, StandardOpenOption.READ)) {
            MappedRows mapped = new MappedRows(rows, offsets);
            LineBuilder out = new LineBuilder();
            byte[] featuresLine = CsvWriter.line(features).getBytes(StandardCharsets.UTF_8);
            out.append(featuresLine, 0, featuresLine.length);
            for (int j = 0; j < testRows; j++) {
                int fileRank = order[j];
                mapped.appendRow(fileRank, out);
                if (targets != null) {
                    targets[j] = targetsInFileOrder[fileRank];
                } else {
                    labels[j] = classesInFileOrder[fileRank];
                }
                if (out.length() >= FLUSH_BYTES) {
                    out.writeTo(testInputs);
                }
            }
            out.writeTo(testInputs);
            testInputs.flush();
        }
        return new SplitResult(survey.features(), survey.classes(), trainingRows, targets != null ? FixedPoint.encode(targets) : labels);
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
    static final class Smallest {
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

    /**
     * The temporary file of test rows, mapped in windows of 1 GiB that overlap by the longest row, so that every row
     * lies whole in one (a mapping holds at most 2 GiB).
     */
    private static final class MappedRows {
        private static final long WINDOW = 1L << 30;
        private final MappedByteBuffer[] windows;
        private final long[] offsets;

        /** Maps {@code file}, where row k lies at [offsets[k], offsets[k + 1]). */
        MappedRows(FileChannel file, long[] offsets) throws IOException {
            this.offsets = offsets;
            long longest = 0;
            for (int k = 0; k + 1 < offsets.length; k++) {
                longest = Math.max(longest, offsets[k + 1] - offsets[k]);
            }
            long size = offsets[offsets.length - 1];
            windows = new MappedByteBuffer[(int) ((size + WINDOW - 1) / WINDOW)];
            for (int w = 0; w < windows.length; w++) {
                windows[w] = file.map(FileChannel.MapMode.READ_ONLY, w * WINDOW, Math.min(size - w * WINDOW, WINDOW + longest));
            }
        }

        void appendRow(int k, LineBuilder out) {
            int w = (int) (offsets[k] / WINDOW);
            out.append(windows[w], (int) (offsets[k] - w * WINDOW), (int) (offsets[k + 1] - offsets[k]));
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
    static boolean fitsFloat32(String decimal) {
        boolean plain = decimal.length() <= 38 && decimal.indexOf('e') < 0 && decimal.indexOf('E') < 0;
        return plain || !Float.isInfinite(Float.parseFloat(decimal));
    }

    /**
     * Hashes the current record of {@code reader} as SplitSeed hashes a row: its label's cell and a comma (the class
     * name, once the label is known to be a class; for regression the fixed-point target as a decimal integer) and its
     * feature cells. Returns the row's class index, or for regression its fixed-point target.
     */
    private static int hash(CsvReader reader, Survey survey, SplitSeed seed, LineBuilder line) throws DatasetException {
        line.truncate(0);
        int label;
        if (survey.targets() != null) {
            label = survey.targets().valueOf(reader);
            RegressionTargets.appendPrefix(label, line);
        } else {
            int id = survey.labels().idOf(reader, survey.labelIndex());
            byte[] prefix = survey.labels().prefix(id);
            line.append(prefix, 0, prefix.length);
            label = survey.classOfLabel()[id];
        }
        CsvWriter.appendRecord(reader, survey.labelIndex(), line);
        seed.hash(line.bytes(), 0, line.length());
        return label;
    }

    /**
     * What the first pass learnt: the label column, the class list, the distinct labels and the class of each (for
     * classification) or the targets' reading (for regression), the test rows of each bucket and which rows they are
     * ({@code null} when the candidates fell short), and the feature columns with their types.
     */
    private record Survey(int labelIndex, ClassList classes, Labels labels, int[] classOfLabel, RegressionTargets targets, long[] testQuotas,
            BitSet testRows, List<BountyMetadata.Feature> features) {
        Survey withFeatures(List<BountyMetadata.Feature> features) {
            return new Survey(labelIndex, classes, labels, classOfLabel, targets, testQuotas, testRows, List.copyOf(features));
        }
    }

    /**
     * The distinct labels (label cells stripped) in order of appearance, and the id of each cell's label. The bytes of
     * the first raw cells seen are remembered, so that most rows find their label without a String.
     */
    private static final class Labels {
        private static final int SLOTS = 1 << 13; // a power of two, twice the raw forms remembered
        private final List<String> inOrder = new ArrayList<>();
        private final List<byte[]> prefixes = new ArrayList<>();
        private final Map<String, Integer> ids = new HashMap<>();
        private final byte[][] rawForms = new byte[SLOTS][];
        private final int[] rawIds = new int[SLOTS];
        private int remembered;

        List<String> inOrder() {
            return inOrder;
        }

        int count() {
            return inOrder.size();
        }

        /** The CSV cell of label {@code id} and a comma, as a row's hashed line starts. */
        byte[] prefix(int id) {
            return prefixes.get(id);
        }

        /** The id of the label of the current record, a new one for a label not seen yet; -1 for an empty label. */
        int idOf(CsvReader reader, int labelIndex) {
            byte[] bytes = reader.bytes();
            int start = reader.start(labelIndex);
            int end = reader.end(labelIndex);
            int hash = 1;
            for (int i = start; i < end; i++) {
                hash = 31 * hash + bytes[i];
            }
            int slot = hash & (SLOTS - 1);
            for (byte[] raw; (raw = rawForms[slot]) != null; slot = (slot + 1) & (SLOTS - 1)) {
                if (Arrays.equals(raw, 0, raw.length, bytes, start, end)) {
                    return rawIds[slot];
                }
            }
            String label = reader.cell(labelIndex).strip();
            if (label.isEmpty()) {
                return -1;
            }
            int id = ids.computeIfAbsent(label, added -> {
                inOrder.add(added);
                LineBuilder prefix = new LineBuilder();
                byte[] name = added.getBytes(StandardCharsets.UTF_8);
                CsvWriter.appendCell(name, 0, name.length, prefix);
                prefix.append((byte) ',');
                prefixes.add(Arrays.copyOf(prefix.bytes(), prefix.length()));
                return inOrder.size() - 1;
            });
            if (remembered < SLOTS / 2) {
                rawForms[slot] = Arrays.copyOfRange(bytes, start, end);
                rawIds[slot] = id;
                remembered++;
            }
            return id;
        }
    }
}
