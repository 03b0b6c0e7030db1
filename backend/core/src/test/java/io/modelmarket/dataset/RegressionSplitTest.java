package io.modelmarket.dataset;

import static io.modelmarket.dataset.DatasetSplitterTest.salt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.protocol.FixedPoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression splits (docs/datasets.md, "Regression targets"): fixed-point targets, hashed as decimal integers, 4 bytes a label. */
class RegressionSplitTest {
    @TempDir
    Path folder;

    private record Split(SplitResult result, String training, String test, Path trainingFile, Path testFile) {}

    private Split split(String name, String csv, SplitOptions options) throws IOException {
        Path input = folder.resolve(name);
        Files.writeString(input, csv);
        Path training = folder.resolve(name + ".training.csv");
        Path test = folder.resolve(name + ".test.csv");
        SplitResult result;
        try (OutputStream trainingOut = Files.newOutputStream(training); OutputStream testOut = Files.newOutputStream(test)) {
            result = DatasetSplitter.split(input, options, trainingOut, testOut);
        }
        return new Split(result, Files.readString(training), Files.readString(test), training, test);
    }

    /** Rows {@code x1,y,x2} with {@code y} written by {@code target} from the row's target in hundredths. */
    private static String generated(int rows, IntFunction<String> target) {
        StringBuilder csv = new StringBuilder("x1,y,x2\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i).append(',').append(target.apply(i)).append(',').append(i % 7).append('\n');
        }
        return csv.toString();
    }

    private static int hundredths(int i) {
        return (i * 37) % 2001 - 1000; // -10.00 to 10.00, negative ones included
    }

    private static SplitOptions options(long salt) {
        return SplitOptions.regression("y", 0.25, salt(salt), 2);
    }

    @Test
    void writesFourByteFixedPointLabelsInTheTestInputsOrder() throws IOException {
        Split split = split("data.csv", generated(400, i -> FixedPoint.toDecimal(hundredths(i), 2)), options(3));
        assertThat(split.result().regression()).isTrue();
        assertThat(split.result().classes()).isNull();
        assertThat(split.result().testRows()).isEqualTo(100);
        assertThat(split.result().trainingRows()).isEqualTo(300);
        assertThat(split.result().labels()).hasSize(400);
        assertThat(split.test().lines().findFirst()).contains("x1,x2");
        int[] labels = FixedPoint.decode(split.result().labels());
        List<String> rows = split.test().lines().skip(1).toList();
        for (int j = 0; j < rows.size(); j++) {
            int x1 = Integer.parseInt(rows.get(j).split(",")[0]);
            assertThat(labels[j]).isEqualTo(hundredths(x1));
        }
    }

    @Test
    void theSameFileAndSaltGiveTheSameBytes() throws IOException {
        String csv = generated(300, i -> FixedPoint.toDecimal(hundredths(i), 2));
        Split first = split("a.csv", csv, options(9));
        Split again = split("b.csv", csv, options(9));
        Split other = split("c.csv", csv, options(10));
        assertThat(again.training()).isEqualTo(first.training());
        assertThat(again.test()).isEqualTo(first.test());
        assertThat(again.result().labels()).isEqualTo(first.result().labels());
        assertThat(other.test()).isNotEqualTo(first.test());
    }

    @Test
    void howATargetIsWrittenDoesNotChangeTheSplit() throws IOException {
        Split plain = split("plain.csv", generated(300, i -> FixedPoint.toDecimal(hundredths(i), 2)), options(4));
        // 1.5 as " 1.50", 0.05 as "5e-2", and a digit beyond the decimals that rounds back to the same hundredths
        Split written = split("written.csv", generated(300, i -> switch (i % 3) {
            case 0 -> " " + FixedPoint.toDecimal(hundredths(i), 2) + "0 ";
            case 1 -> hundredths(i) + "e-2";
            default -> FixedPoint.toDecimal(hundredths(i), 2) + "4";
        }), options(4));
        assertThat(written.test()).isEqualTo(plain.test());
        assertThat(written.result().labels()).isEqualTo(plain.result().labels());
        assertThat(written.result().trainingRows()).isEqualTo(plain.result().trainingRows());
    }

    @Test
    void aTargetThatIsNotANumberInRangeNamesTheLineAndColumn() throws IOException {
        String ok = "x1,y,x2\n1,2.5,3\n2,1,4\n3,0,5\n4,7,1\n";
        assertThatThrownBy(() -> split("nan.csv", ok + "5,NaN,2\n", options(1)))
                .hasMessage("nan.csv:6: target column 'y' (2) holds 'NaN': expected a decimal number");
        assertThatThrownBy(() -> split("inf.csv", ok + "5,-Infinity,2\n", options(1)))
                .hasMessage("inf.csv:6: target column 'y' (2) holds '-Infinity': expected a decimal number");
        assertThatThrownBy(() -> split("text.csv", ok + "5,high,2\n", options(1)))
                .hasMessage("text.csv:6: target column 'y' (2) holds 'high': expected a decimal number");
        assertThatThrownBy(() -> split("empty.csv", ok + "5, ,2\n", options(1)))
                .hasMessage("empty.csv:6: target column 'y' (2) is empty; every row needs a numeric target");
        assertThatThrownBy(() -> split("large.csv", ok + "5,21474837,2\n", options(1)))
                .hasMessage("large.csv:6: target column 'y' (2) holds '21474837': at 2 decimals its fixed-point value lies beyond the int32"
                        + " range (-2147483648 to 2147483647); use fewer decimals");
        assertThat(split("edge.csv", ok + "5,21474836.47,2\n5,-21474836.48,2\n", options(1)).result().testRows()).isEqualTo(2);
    }

    @Test
    void theOptionsRefuseDecimalsOutOfRangeAndClasses() {
        assertThatThrownBy(() -> SplitOptions.regression("y", 0.2, salt(1), 10)).hasMessage("the target decimals must be 0 to 9, got 10");
        assertThatThrownBy(() -> SplitOptions.regression("y", 0.2, salt(1), -1)).hasMessage("the target decimals must be 0 to 9, got -1");
        assertThatThrownBy(() -> new SplitOptions("y", 0.2, salt(1), true, null, false, SplitOptions.Task.REGRESSION, 2, null))
                .hasMessageContaining("a regression split has no classes");
        assertThatThrownBy(() -> new SplitOptions("y", 0.2, salt(1), false, null, false, SplitOptions.Task.CLASSIFICATION, 2, null))
                .hasMessage("target decimals are for regression splits only");
    }

    @Test
    void manyDistinctNumbersAreNoObjectionForRegression() throws IOException {
        // the label column check that refuses such a column for classification does not apply
        Split split = split("many.csv", generated(1000, i -> i + ".5"), SplitOptions.regression("y", 0.2, salt(2), 1));
        assertThat(split.result().testRows()).isEqualTo(200);
    }

    @Test
    void metadataOfARegressionBountyRoundTrips() throws Exception {
        Split split = split("data.csv", generated(200, i -> FixedPoint.toDecimal(hundredths(i), 2)), options(5));
        BountyMetadata metadata = BountyMetadata.forSplit("Prices", null, "CC0-1.0", null, "y", options(5), split.result());
        String json = new String(metadata.toJson(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"task\":\"regression\",\"features\":[{\"name\":\"x1\",\"type\":\"float32\"},{\"name\":\"x2\",\"type\":\"float32\"}],"
                + "\"labelColumn\":\"y\",\"targetDecimals\":2,\"testSize\":50,\"trainingSize\":150")
                .doesNotContain("classes")
                .contains("\"split\":{\"testFraction\":0.25,\"stratified\":false}");
        BountyMetadata parsed = BountyMetadata.parse(new ByteArrayInputStream(metadata.toJson()));
        assertThat(parsed).isEqualTo(metadata);
        assertThat(parsed.isRegression()).isTrue();
        assertThat(parsed.classCount()).isZero();
        assertThat(parsed.toJson()).isEqualTo(metadata.toJson());
        assertThatThrownBy(() -> parse(json.replace("\"targetDecimals\":2", "\"targetDecimals\":10")))
                .hasMessage("invalid bounty metadata: metadata.targetDecimals must be 0 to 9 for a regression bounty");
        assertThatThrownBy(() -> parse(json.replace(",\"targetDecimals\":2", "")))
                .hasMessage("invalid bounty metadata: metadata.targetDecimals must be 0 to 9 for a regression bounty");
        assertThatThrownBy(() -> parse(json.replace("\"targetDecimals\":2", "\"classes\":[\"a\",\"b\"],\"targetDecimals\":2")))
                .hasMessage("invalid bounty metadata: metadata.classes must be absent for a regression bounty");
        assertThatThrownBy(() -> parse(json.replace("\"regression\"", "\"ranking\"")))
                .hasMessage("invalid bounty metadata: metadata.task must be 'classification' or 'regression'");
    }

    @Test
    void classificationMetadataWithoutATaskIsClassification() throws Exception {
        SplitResult result = new SplitResult(List.of(new BountyMetadata.Feature("a", "float32")), new ClassList(List.of("no", "yes")), 8, new byte[2]);
        BountyMetadata metadata = BountyMetadata.forSplit("T", null, null, null, "label",
                new SplitOptions("label", 0.2, salt(1), false, null), result);
        String json = new String(metadata.toJson(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"task\":\"classification\"").doesNotContain("targetDecimals");
        BountyMetadata parsed = parse(json.replace("\"task\":\"classification\",", ""));
        assertThat(parsed).isEqualTo(metadata);
        assertThat(parsed.isRegression()).isFalse();
        assertThat(parsed.classCount()).isEqualTo(2);
        assertThatThrownBy(() -> parse(json.replace("\"labelColumn\":\"label\"", "\"labelColumn\":\"label\",\"targetDecimals\":2")))
                .hasMessage("invalid bounty metadata: metadata.targetDecimals is for regression bounties only");
    }

    @Test
    void aRegressionSplitReplaysAndATamperedOneDoesNot() throws IOException {
        Split split = split("data.csv", generated(400, i -> FixedPoint.toDecimal(hundredths(i), 2)), options(6));
        BountyMetadata metadata = BountyMetadata.forSplit("Prices", null, null, null, "y", options(6), split.result());
        byte[] labels = split.result().labels();
        assertThat(SplitReplay.replay(split.trainingFile(), split.testFile(), metadata, labels, salt(6)).replays()).isTrue();
        assertThat(SplitReplay.replay(split.trainingFile(), split.testFile(), metadata, labels, salt(7)).replays()).isFalse();
        int[] changed = FixedPoint.decode(labels);
        changed[0] += 1;
        SplitReplay.Outcome wrongLabel = SplitReplay.replay(split.trainingFile(), split.testFile(), metadata, FixedPoint.encode(changed), salt(6));
        assertThat(wrongLabel.replays()).isFalse();
        assertThat(SplitReplay.replay(split.trainingFile(), split.testFile(), metadata, new byte[labels.length - 1], salt(6)).detail())
                .isEqualTo("the revealed labels hold 399 bytes, not 4 per fixed-point target");
    }

    @Test
    void predictionsFilesReadAsFixedPoint() throws IOException {
        Path csv = folder.resolve("p.csv");
        Predictions.writeTargets(csv, new int[] {-1234, 5, Integer.MAX_VALUE}, 2);
        assertThat(Files.readString(csv)).isEqualTo("prediction\n-12.34\n0.05\n21474836.47\n");
        assertThat(FixedPoint.decode(Predictions.readTargets(csv, 2, 3))).containsExactly(-1234, 5, Integer.MAX_VALUE);
        Path json = folder.resolve("p.json");
        Files.writeString(json, "[-12.345, \"0.05\", 7, 1e-1]");
        assertThat(FixedPoint.decode(Predictions.readTargets(json, 2, 4))).containsExactly(-1234, 5, 700, 10);
        assertThatThrownBy(() -> Predictions.readTargets(csv, 2, 4)).hasMessage("p.csv: expected 4 predictions (one per test row), found 3");
        Files.writeString(json, "[1, true]");
        assertThatThrownBy(() -> Predictions.readTargets(json, 2, 2)).hasMessage("p.json: item 1 is true, not a number");
        Files.writeString(csv, "prediction\n1\nNaN\n");
        assertThatThrownBy(() -> Predictions.readTargets(csv, 2, 2)).hasMessage("p.csv:3: 'NaN': expected a decimal number");
    }

    private static BountyMetadata parse(String json) throws IOException {
        return BountyMetadata.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
