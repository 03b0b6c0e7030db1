package io.modelmarket.dataset;

import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.FixedPoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Replays a bounty's split once its labels and salt are revealed (docs/datasets.md, "Replaying a split"): computes
 * every published row's keys from the revealed salt ({@link SplitSeed}), the test rows with their revealed labels and
 * the training rows with theirs, and requires what {@link DatasetSplitter} does: in every bucket, as many test rows
 * as the test fraction gives and no training row with a smaller selection key than a test row, and the test inputs
 * in order-key order. It needs only the published files, not the original one, and streams them: the heap holds a few numbers
 * per bucket. Test rows picked or ordered by anything but the salt (by hand, by class, in file order) fail, and the
 * outcome says where. A regression bounty's rows hash their fixed-point target written as a decimal integer in place of the
 * class name (the training rows' targets read from their cells as the split read them), in one bucket.
 */
public final class SplitReplay {
    private SplitReplay() {}

    /** Whether the published files are the split the revealed salt draws, and if not, why. */
    public record Outcome(boolean replays, String detail) {
        static Outcome fail(String detail) {
            return new Outcome(false, detail);
        }
    }

    /**
     * Replays the split of {@code metadata}'s bounty.
     *
     * @param training the published training CSV
     * @param testInputs the published test-inputs CSV
     * @param labels the revealed labels, in test-input order (one class index per byte, or 4-byte fixed-point targets)
     * @param salt the revealed ground-truth salt
     */
    public static Outcome replay(Path training, Path testInputs, BountyMetadata metadata, byte[] labels, Bytes32 salt) throws IOException {
        boolean regression = metadata.isRegression();
        ClassList classes = regression ? null : new ClassList(metadata.classes());
        boolean stratified = metadata.split().stratified() && !regression;
        if (regression && labels.length % FixedPoint.BYTES != 0) {
            return Outcome.fail("the revealed labels hold " + labels.length + " bytes, not 4 per fixed-point target");
        }
        int items = regression ? labels.length / FixedPoint.BYTES : labels.length;
        int[] targets = regression ? FixedPoint.decode(labels) : null;
        double fraction = metadata.split().testFraction();
        int buckets = stratified ? classes.size() : 1;
        SplitSeed seed = SplitSeed.fromSalt(salt);

        List<String> header;
        int labelIndex;
        FeatureTypes trainingTypes;
        long[] trainingRows = new long[buckets];
        long[] smallestTrainingKey = new long[buckets];
        Arrays.fill(smallestTrainingKey, -1L); // the largest unsigned number
        try (InputStream in = Files.newInputStream(training); CsvReader reader = new CsvReader(in, "training data")) {
            header = reader.header();
            labelIndex = header.indexOf(metadata.labelColumn());
            if (labelIndex < 0) {
                return Outcome.fail("the training data has no label column '" + metadata.labelColumn() + "'");
            }
            List<String> featureNames = new ArrayList<>(header);
            featureNames.remove(labelIndex);
            if (!featureNames.equals(metadata.features().stream().map(BountyMetadata.Feature::name).toList())) {
                return Outcome.fail("the training data's feature columns " + featureNames + " are not the metadata's");
            }
            trainingTypes = new FeatureTypes(reader.source(), header, labelIndex, Set.copyOf(metadata.categoricalFeatures()));
            for (String[] row; (row = reader.next()) != null; ) {
                trainingTypes.observe(reader);
                String first;
                int b = 0;
                if (regression) {
                    try {
                        first = Integer.toString(FixedPoint.fromDecimal(row[labelIndex], metadata.targetDecimals()));
                    } catch (IllegalArgumentException e) {
                        return Outcome.fail("training data line " + reader.recordLine() + ": the target holds '" + row[labelIndex] + "': " + e.getMessage());
                    }
                } else {
                    int classIndex = classes.indexOf(row[labelIndex].strip());
                    if (classIndex < 0) {
                        return Outcome.fail("training data line " + reader.recordLine() + ": the label is not one of the metadata's classes");
                    }
                    first = classes.names().get(classIndex);
                    b = stratified ? classIndex : 0;
                }
                List<String> features = new ArrayList<>(Arrays.asList(row));
                features.remove(labelIndex);
                trainingRows[b]++;
                long key = seed.keys(first, features).selection();
                if (Long.compareUnsigned(key, smallestTrainingKey[b]) < 0) {
                    smallestTrainingKey[b] = key;
                }
            }
        }

        List<String> features = new ArrayList<>(header);
        features.remove(labelIndex);
        long[] testRows = new long[buckets];
        long[] largestTestKey = new long[buckets];
        FeatureTypes testTypes;
        try (InputStream in = Files.newInputStream(testInputs); CsvReader reader = new CsvReader(in, "test inputs")) {
            if (!reader.header().equals(features)) {
                return Outcome.fail("the test inputs' columns are not the training data's without the label column");
            }
            testTypes = new FeatureTypes(reader.source(), features, -1, Set.copyOf(metadata.categoricalFeatures()));
            long previous = 0;
            int j = 0;
            for (String[] row; (row = reader.next()) != null; j++) {
                if (j >= items) {
                    return Outcome.fail("the test inputs hold more rows than the " + items + " revealed labels");
                }
                int classIndex = regression ? 0 : labels[j] & 0xff;
                if (!regression && classIndex >= classes.size()) {
                    return Outcome.fail("label " + j + " is " + classIndex + ", not a class");
                }
                SplitSeed.Keys keys = seed.keys(regression ? Integer.toString(targets[j]) : classes.names().get(classIndex), Arrays.asList(row));
                if (j > 0 && Long.compareUnsigned(keys.order(), previous) < 0) {
                    return Outcome.fail("test row " + j + " (0-based) comes after a row with a larger order key: the test inputs are not in the order the revealed salt draws");
                }
                previous = keys.order();
                testTypes.observe(reader);
                int b = stratified ? classIndex : 0;
                testRows[b]++;
                if (Long.compareUnsigned(keys.selection(), largestTestKey[b]) > 0) {
                    largestTestKey[b] = keys.selection();
                }
            }
            if (j != items) {
                return Outcome.fail("the test inputs hold " + j + " rows for " + items + " revealed labels");
            }
        }

        String types = typesDisagree(metadata, labelIndex, trainingTypes, testTypes);
        if (types != null) {
            return Outcome.fail(types);
        }
        long[] rows = new long[buckets];
        Arrays.setAll(rows, b -> trainingRows[b] + testRows[b]);
        long[] quotas = DatasetSplitter.quotas(rows, fraction, stratified);
        for (int b = 0; b < buckets; b++) {
            String bucket = stratified ? "class '" + classes.names().get(b) + "'" : "the file";
            if (quotas[b] != testRows[b]) {
                return Outcome.fail(bucket + " has " + rows[b] + " rows, of which round(" + fraction + " × " + rows[b] + ") = " + quotas[b]
                        + " should be test rows; the test inputs hold " + testRows[b]);
            }
            if (testRows[b] > 0 && trainingRows[b] > 0 && Long.compareUnsigned(smallestTrainingKey[b], largestTestKey[b]) < 0) {
                return Outcome.fail("in " + bucket + ", a training row has a smaller selection key than a test row: the test rows are not the ones the revealed salt draws");
            }
        }
        return new Outcome(true, "the " + items + " test rows are the " + (stratified ? "stratified " : "") + fraction
                + " share of " + Arrays.stream(rows).sum() + " rows that the revealed salt draws, in its order");
    }

    /**
     * Why the metadata's feature types are not what the published files hold, or {@code null}: a {@code float32} column
     * must hold only float32 decimals or missing cells (a {@code string} column may hold anything, since the requester
     * may name a numeric column categorical), and every column some value.
     */
    private static String typesDisagree(BountyMetadata metadata, int labelIndex, FeatureTypes training, FeatureTypes test) {
        for (int feature = 0; feature < metadata.features().size(); feature++) {
            int column = feature < labelIndex ? feature : feature + 1;
            BountyMetadata.Feature declared = metadata.features().get(feature);
            if (!declared.isCategorical() && !(training.numeric(column) && test.numeric(feature))) {
                return "feature column '" + declared.name() + "' is float32 in the metadata but holds a value that is not a float32 decimal";
            }
            if (!training.seen(column) && !test.seen(feature)) {
                return "feature column '" + declared.name() + "' has no value in any row";
            }
        }
        return null;
    }
}
