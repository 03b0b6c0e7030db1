package io.modelmarket.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.protocol.Bytes32;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSplitterTest {
    @TempDir
    Path folder;

    private record Split(SplitResult result, String training, String test) {}

    private Split split(String csv, SplitOptions options) throws IOException {
        Path input = folder.resolve("data.csv");
        Files.writeString(input, csv);
        ByteArrayOutputStream training = new ByteArrayOutputStream();
        ByteArrayOutputStream test = new ByteArrayOutputStream();
        SplitResult result = DatasetSplitter.split(input, options, training, test);
        return new Split(result, training.toString(StandardCharsets.UTF_8), test.toString(StandardCharsets.UTF_8));
    }

    private static String generated(int rows, int classes) {
        StringBuilder csv = new StringBuilder("f1,label,f2\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i).append(',').append(i % classes).append(',').append(i * 0.5).append('\n');
        }
        return csv.toString();
    }

    private static SplitOptions options(double fraction, long salt, boolean stratified) {
        return new SplitOptions("label", fraction, salt(salt), stratified, null);
    }

    /** A fixed ground-truth salt, so that every run draws the same split. */
    static Bytes32 salt(long n) {
        return Bytes32.of(ByteBuffer.allocate(32).putLong(24, n).array());
    }

    @Test
    void aTestRowOfOneMissingFeatureIsWrittenAsAQuotedEmptyCellNotABlankLineThatReadersSkip() throws IOException {
        StringBuilder csv = new StringBuilder("label,a\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i % 2 == 0 ? "x" : "y").append(',').append(i % 3 == 0 ? "" : String.valueOf(i)).append('\n');
        }
        Split split = split(csv.toString(), options(0.5, 7, false));
        List<String> testRows = split.test().lines().skip(1).toList();
        assertThat(testRows).hasSize(20).contains("\"\"").doesNotContain("");
        try (CsvReader reader = new CsvReader(new java.io.ByteArrayInputStream(split.test().getBytes(StandardCharsets.UTF_8)), "test-inputs.csv")) {
            int rows = 0;
            while (reader.next() != null) {
                rows++;
            }
            assertThat(rows).as("every test row reads back").isEqualTo(20);
        }
    }

    @Test
    void splitsExactlyAndKeepsTheFeatureOrderWithoutTheLabel() throws IOException {
        Split split = split(generated(1000, 10), options(0.2, 42, true));
        assertThat(split.result().testRows()).isEqualTo(200);
        assertThat(split.result().trainingRows()).isEqualTo(800);
        assertThat(split.result().featureColumns()).containsExactly("f1", "f2");
        assertThat(split.training().lines().findFirst()).contains("f1,label,f2");
        assertThat(split.test().lines().findFirst()).contains("f1,f2");
        assertThat(split.test().lines().count()).isEqualTo(201);
        int[] perClass = new int[10];
        for (byte label : split.result().labels()) {
            perClass[label]++;
        }
        assertThat(perClass).containsOnly(20); // stratified: 20% of each class's 100 rows
        // Each test row's label is the label the source file gave it (f1 = i, label = i % 10).
        List<String> testRows = split.test().lines().skip(1).toList();
        for (int i = 0; i < testRows.size(); i++) {
            int f1 = Integer.parseInt(testRows.get(i).split(",")[0]);
            assertThat(split.result().labels()[i]).isEqualTo((byte) (f1 % 10));
        }
    }

    @Test
    void theSameSaltGivesTheSameBytesAndAnotherSaltDoesNot() throws IOException {
        String csv = generated(500, 3);
        Split first = split(csv, options(0.3, 7, false));
        Split again = split(csv, options(0.3, 7, false));
        Split other = split(csv, options(0.3, 8, false));
        assertThat(again.training()).isEqualTo(first.training());
        assertThat(again.test()).isEqualTo(first.test());
        assertThat(again.result().labels()).isEqualTo(first.result().labels());
        assertThat(other.test()).isNotEqualTo(first.test());
        assertThat(first.result().testRows()).isEqualTo(150);
    }

    @Test
    void mapsStringLabelsThroughTheClassList() throws IOException {
        String csv = "x,label\n1,cat\n2,dog\n3,cat\n4,bird\n5,dog\n6,cat\n";
        Split derived = split(csv, options(0.5, 1, false));
        assertThat(derived.result().classes().names()).containsExactly("bird", "cat", "dog");
        Split given = split(csv, new SplitOptions("label", 0.5, salt(1), false, List.of("dog", "cat", "bird")));
        assertThat(given.result().classes().indexOf("dog")).isZero();
        assertThatThrownBy(() -> split(csv, new SplitOptions("label", 0.5, salt(1), false, List.of("dog", "cat"))))
                .hasMessage("data.csv: label 'bird' is not in the class list [dog, cat]");
    }

    @Test
    void numericLabelsKeepTheirValue() throws IOException {
        Split split = split("x,label\n1,0\n2,2\n3,0\n4,2\n", options(0.5, 3, false));
        assertThat(split.result().classes().names()).containsExactly("0", "1", "2");
    }

    @Test
    void namesWhatIsWrongWithBadInput() {
        assertThatThrownBy(() -> split("x,y\n1,2\n", options(0.5, 1, false)))
                .hasMessage("data.csv:1: no label column 'label'; the header has [x, y]");
        assertThatThrownBy(() -> split("x,label\n  ,a\n,b\n", options(0.5, 1, false)))
                .hasMessage("data.csv: feature column 'x' (1) has no value in any row");
        assertThatThrownBy(() -> split("x,label\n1,a\n2,b\n", options(0.1, 1, false)))
                .hasMessageContaining("too few rows for the split: 2 rows at a test fraction of 0.1 give 0 test and 2 training rows");
        assertThatThrownBy(() -> split("x,label\n1,a\n2,a\n", options(0.5, 1, false)))
                .hasMessageContaining("only one class");
        assertThatThrownBy(() -> split("x,label\n1,\n", options(0.5, 1, false)))
                .hasMessage("data.csv:2: the label ('label') is empty");
    }

    @Test
    void refusesMoreThan256Classes() {
        StringBuilder csv = new StringBuilder("x,label\n");
        for (int i = 0; i < 300; i++) {
            csv.append(i).append(",c").append(i).append('\n');
        }
        assertThatThrownBy(() -> split(csv.toString(), options(0.5, 1, false)))
                .hasMessage("data.csv:258: more than 256 distinct labels; a bounty has at most 256 classes");
        assertThatThrownBy(() -> split("x,label\n1,0\n2,300\n", options(0.5, 1, false)))
                .hasMessageContaining("label 300 is too large");
    }

    /** {@code rows} rows whose label column {@code price} holds {@code values} distinct numbers, each {@code 0.25} apart. */
    private static String prices(int rows, int values) {
        StringBuilder csv = new StringBuilder("x,price\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i).append(',').append(10 + (i % values) * 0.25).append('\n');
        }
        return csv.toString();
    }

    private static SplitOptions priceOptions(boolean classesFromNumbers) {
        return new SplitOptions("price", 0.2, salt(1), false, null, classesFromNumbers);
    }

    @Test
    void refusesALabelColumnOfManyDistinctNumbersAsANumericTarget() {
        assertThatThrownBy(() -> split(prices(150, 143), priceOptions(false)))
                .isInstanceOf(DatasetException.class)
                .hasMessage("data.csv: label column 'price' has 143 distinct numeric values in 150 rows: it looks like a numeric target,"
                        + " not classes: post it as a regression bounty (--task regression in the CLI), or pass --classes-from-numbers (CLI) /"
                        + " tick 'These numbers are classes' (UI) to post it as classification anyway");
        // Many values: more than 10, and more than one in 20 rows.
        assertThatThrownBy(() -> split(prices(219, 11), priceOptions(false))).hasMessageContaining("has 11 distinct numeric values in 219 rows");
    }

    @Test
    void takesManyDistinctNumbersAsClassesWhenTheRequesterSaysSo() throws IOException {
        Split split = split(prices(150, 143), priceOptions(true));
        assertThat(split.result().classes().size()).isEqualTo(143);
        assertThat(split.result().testRows()).isEqualTo(30);
    }

    @Test
    void takesFewDistinctNumbersOrFewPerRowAsClasses() throws IOException {
        assertThat(split(generated(100, 2), options(0.2, 1, true)).result().classes().names()).containsExactly("0", "1");
        assertThat(split(prices(100, 10), priceOptions(false)).result().classes().size()).isEqualTo(10);
        assertThat(split(prices(220, 11), priceOptions(false)).result().classes().size()).isEqualTo(11);
        // Text labels are classes however many there are.
        assertThat(split(prices(150, 143).replaceAll(",(\\d)", ",c$1"), priceOptions(false)).result().classes().size()).isEqualTo(143);
    }

    @Test
    void moreThan256DistinctNumbersAreRefusedAsANumericTarget() {
        assertThatThrownBy(() -> split(prices(300, 300), priceOptions(true)))
                .hasMessage("data.csv:258: label column 'price' has more than 256 distinct numeric values: it looks like a numeric target,"
                        + " not classes (a classification bounty has at most 256): post it as a regression bounty (--task regression in the CLI)");
    }

    @Test
    void namesAClassTooSmallForAStratifiedSplit() throws IOException {
        String csv = "x,label\n" + "1,big\n".repeat(10) + "2,small\n".repeat(2);
        assertThatThrownBy(() -> split(csv, options(0.2, 1, true)))
                .isInstanceOf(DatasetException.class)
                .hasMessage("data.csv: class 'small' has 2 rows; a stratified split at a test fraction of 0.2 needs at least 3 rows of every"
                        + " class (one test row and one training row): add rows of class 'small', or split without stratification");
        assertThat(split(csv, options(0.2, 1, false)).result().testRows()).isEqualTo(2);
        // At 0.9, five rows would all be test rows.
        String noTraining = "x,label\n" + "1,a\n".repeat(20) + "2,b\n".repeat(5);
        assertThatThrownBy(() -> split(noTraining, options(0.9, 1, true)))
                .hasMessageContaining("class 'b' has 5 rows; a stratified split at a test fraction of 0.9 needs at least 6 rows");
        // A class of the numeric class list that no row has is not the requester's to fill.
        assertThat(split("x,label\n" + "1,0\n2,2\n".repeat(5), options(0.2, 1, true)).result().classes().size()).isEqualTo(3);
    }

    @Test
    void theFewestRowsOfAClassGiveOneTestAndOneTrainingRow() {
        assertThat(LabelColumnCheck.leastStratifiedRows(0.2)).isEqualTo(3);
        assertThat(LabelColumnCheck.leastStratifiedRows(0.5)).isEqualTo(2);
        assertThat(LabelColumnCheck.leastStratifiedRows(0.1)).isEqualTo(5);
        assertThat(LabelColumnCheck.leastStratifiedRows(0.9)).isEqualTo(6);
        assertThat(LabelColumnCheck.leastStratifiedRows(1e-3)).isEqualTo(500);
        assertThat(LabelColumnCheck.leastStratifiedRows(Double.MIN_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void testRowsAreListedInASecretOrderNotInFileOrder() throws IOException {
        Split split = split(generated(1000, 10), options(0.2, 42, true));
        List<Integer> f1 = split.test().lines().skip(1).map(line -> Integer.parseInt(line.split(",")[0])).toList();
        assertThat(f1).isNotEqualTo(f1.stream().sorted().toList());
        // Training rows keep file order.
        List<Integer> trainingF1 = split.training().lines().skip(1).map(line -> Integer.parseInt(line.split(",")[0])).toList();
        assertThat(trainingF1).isSorted();
        // Another salt draws other rows, in another order.
        Split other = split(generated(1000, 10), options(0.2, 43, true));
        assertThat(other.test()).isNotEqualTo(split.test());
    }

    /**
     * On a file sorted by class, test rows kept in file order would give their labels away by their positions. In
     * the order the salt draws, a guess from the position (the first third of the test rows is class 0, and so on:
     * exact in file order) does no better than chance, neighbours agree no more than chance, and runs of one label
     * are short, for every one of 50 fixed salts.
     */
    @Test
    void testRowsOfAClassSortedFileCarryNoPositionSignal() throws IOException {
        StringBuilder csv = new StringBuilder("x,label\n");
        for (int i = 0; i < 300; i++) {
            csv.append(i).append(',').append(i / 100).append('\n'); // 100 rows of class 0, then 1, then 2
        }
        double positionHits = 0;
        double neighbourHits = 0;
        int longestRun = 0;
        int salts = 50;
        for (int n = 0; n < salts; n++) {
            Split split = split(csv.toString(), options(0.2, 1000 + n, true));
            byte[] labels = split.result().labels();
            List<Integer> x = split.test().lines().skip(1).map(Integer::parseInt).toList();
            assertThat(labels).hasSize(60);
            // In file order (x is the row's place in the file) the position guess is always right: that is the leak.
            List<Integer> inFileOrder = x.stream().sorted().toList();
            for (int i = 0; i < labels.length; i++) {
                assertThat(labels[i]).isEqualTo((byte) (x.get(i) / 100));
                assertThat(inFileOrder.get(i) / 100).isEqualTo(3 * i / labels.length);
            }
            int hits = 0;
            int neighbours = 0;
            int run = 1;
            for (int i = 0; i < labels.length; i++) {
                hits += labels[i] == 3 * i / labels.length ? 1 : 0;
                if (i > 0) {
                    neighbours += labels[i] == labels[i - 1] ? 1 : 0;
                    run = labels[i] == labels[i - 1] ? run + 1 : 1;
                }
                longestRun = Math.max(longestRun, run);
            }
            assertThat(hits / 60.0).as("position guess with salt %d", 1000 + n).isLessThan(0.6);
            positionHits += hits / 60.0;
            neighbourHits += neighbours / 59.0;
        }
        assertThat(positionHits / salts).as("mean accuracy of the position guess (chance: 1/3)").isBetween(0.25, 0.40);
        assertThat(neighbourHits / salts).as("mean share of neighbours with the same label (chance: 19/59)").isBetween(0.25, 0.40);
        assertThat(longestRun).as("longest run of one label in 50 splits of 60 test rows").isLessThanOrEqualTo(9);
    }

    /**
     * The test rows and their order are exactly those of docs/datasets.md, computed here row by row from the keys:
     * also when the first pass's candidates fall short and the splitter reads the file once more. Here a row repeated
     * 100,000 times after 20,000 distinct ones has a key (one key for all its copies) above the threshold the distinct
     * rows left, so the candidates lack most of the test rows.
     */
    @Test
    void selectsTheRowsWithTheSmallestKeysInOrderKeyOrderEvenWhenOneRowRepeats() throws IOException {
        List<String> repeated = List.of("7", "0.5");
        long saltNumber = 1;
        while (SplitSeed.fromSalt(salt(saltNumber)).keys("1", repeated).selection() >= 0) { // the upper half, unsigned
            saltNumber++;
        }
        StringBuilder csv = new StringBuilder("f1,label,f2\n");
        List<List<String>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 120_000; i++) {
            List<String> row = i < 20_000 ? List.of(Integer.toString(i), Integer.toString(i % 2), "1") : List.of("7", "1", "0.5");
            rows.add(row);
            csv.append(String.join(",", row)).append('\n');
        }
        for (boolean stratified : new boolean[] {false, true}) {
            Split split = split(csv.toString(), options(0.2, saltNumber, stratified));
            SplitSeed seed = SplitSeed.fromSalt(salt(saltNumber));
            List<SplitSeed.Keys> keys = rows.stream().map(row -> seed.keys(row.get(1), List.of(row.get(0), row.get(2)))).toList();
            java.util.Comparator<Integer> bySelection = (a, b) -> {
                int byKey = Long.compareUnsigned(keys.get(a).selection(), keys.get(b).selection());
                return byKey != 0 ? byKey : Integer.compare(a, b);
            };
            List<Integer> test = new java.util.ArrayList<>();
            for (String label : stratified ? List.of("0", "1") : List.of("")) {
                List<Integer> bucket = java.util.stream.IntStream.range(0, rows.size()).boxed()
                        .filter(i -> label.isEmpty() || rows.get(i).get(1).equals(label)).sorted(bySelection).toList();
                test.addAll(bucket.subList(0, (int) Math.round(0.2 * bucket.size())));
            }
            test.sort((a, b) -> {
                int byKey = Long.compareUnsigned(keys.get(a).order(), keys.get(b).order());
                return byKey != 0 ? byKey : Integer.compare(a, b);
            });
            StringBuilder expected = new StringBuilder("f1,f2\n");
            test.forEach(i -> expected.append(rows.get(i).get(0)).append(',').append(rows.get(i).get(2)).append('\n'));
            assertThat(split.test()).as("stratified: %s", stratified).isEqualTo(expected.toString());
            assertThat(split.result().trainingRows()).isEqualTo(rows.size() - test.size());
        }
    }

    @Test
    void acceptsPlainDecimalsOnly() {
        for (String ok : new String[] {"0", "-1", "+2.5", ".5", "5.", "1e3", "1.5E-7", "007"}) {
            assertThat(DatasetSplitter.isDecimal(ok)).as(ok).isTrue();
        }
        for (String bad : new String[] {"", "-", ".", "e5", "1e", "NaN", "Infinity", "0x1p3", "1.0f", "1,5", "1 2", "١"}) {
            assertThat(DatasetSplitter.isDecimal(bad)).as(bad).isFalse();
        }
    }

    @Test
    void rejectsFractionsOutsideZeroToOne() {
        assertThatThrownBy(() -> options(1.0, 1, false)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> options(0, 1, false)).hasMessageContaining("between 0 and 1");
    }
}
