package io.modelmarket.dataset;

import static io.modelmarket.dataset.DatasetSplitterTest.salt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Column types (numeric with missing values, categorical), decided by the split's survey (docs/datasets.md, "Column types"). */
class MixedColumnsTest {
    @TempDir
    Path folder;

    private SplitResult split(String csv, SplitOptions options) throws IOException {
        Path input = Files.writeString(folder.resolve("data.csv"), csv);
        return DatasetSplitter.split(input, options, new ByteArrayOutputStream(), new ByteArrayOutputStream());
    }

    private static SplitOptions classification() {
        return new SplitOptions("label", 0.5, salt(5), false, null);
    }

    private static List<String> types(SplitResult result) {
        return result.features().stream().map(BountyMetadata.Feature::type).toList();
    }

    @Test
    void everyColumnGetsItsTypeFromTheWholeFile() throws IOException {
        String csv = "n,missing,text,comma,zip,label\n"
                + "1.5,,red,\"a, b\",01001,x\n"
                + "2, ,,\"say \"\"hi\"\"\",01002,y\n"
                + "3,  4e3 ,blue,plain,01003,x\n"
                + "4,7,   ,\"line\nbreak\",01004,y\n";
        SplitResult result = split(csv, classification().withCategorical(Set.of("zip")));
        assertThat(result.featureColumns()).containsExactly("n", "missing", "text", "comma", "zip");
        assertThat(types(result)).containsExactly("float32", "float32", "string", "string", "string");
        BountyMetadata metadata = BountyMetadata.forSplit("t", null, null, null, "label", classification(), result);
        assertThat(metadata.onnx().inputType()).isEqualTo("mixed");
        assertThat(metadata.categoricalFeatures()).containsExactly("text", "comma", "zip");
        assertThat(metadata.numericFeatureCount()).isEqualTo(2);
    }

    @Test
    void aFileOfNumbersKeepsTheInputTypeOfBefore() throws IOException {
        SplitResult result = split("a,b,label\n1,,x\n2,3,y\n", classification());
        assertThat(types(result)).containsExactly("float32", "float32");
        assertThat(BountyMetadata.forSplit("t", null, null, null, "label", classification(), result).onnx().inputType()).isEqualTo("float32");
    }

    @Test
    void oneCellThatIsNoFloat32MakesTheColumnCategorical() throws IOException {
        // NaN, infinite and beyond-float32 numbers are text to the split, as is a tab (only spaces are missing).
        for (String cell : List.of("NaN", "Infinity", "1e99", "0x10", "\t")) {
            SplitResult result = split("a,label\n1,x\n" + cell + ",y\n", classification());
            assertThat(types(result)).as(cell).containsExactly("string");
        }
    }

    @Test
    void categoricalOnlyAndMixedRegression() throws IOException {
        assertThat(types(split("colour,size,label\nred,S,x\n,M,y\nblue,,x\n", classification()))).containsExactly("string", "string");
        SplitResult regression = split("y,rooms,city\n1.5,2,Rome\n2.5,,\n3,4,Oslo\n", SplitOptions.regression("y", 0.5, salt(1), 1));
        assertThat(types(regression)).containsExactly("float32", "string");
        BountyMetadata metadata = BountyMetadata.forSplit("t", null, null, null, "y", SplitOptions.regression("y", 0.5, salt(1), 1), regression);
        assertThat(metadata.isRegression()).isTrue();
        assertThat(metadata.onnx().inputType()).isEqualTo("mixed");
    }

    @Test
    void badInputNamesTheRowAndColumn() {
        assertThatThrownBy(() -> split("a,b,label\n1, ,x\n2,,y\n", classification()))
                .hasMessage("data.csv: feature column 'b' (2) has no value in any row");
        assertThatThrownBy(() -> split("a,b,label\n1,red,x\n2,blue\n", classification()))
                .hasMessage("data.csv:3: expected 3 cells as in the header, found 2");
        assertThatThrownBy(() -> split("a,y\nred,1\nblue,NaN\n", SplitOptions.regression("y", 0.5, salt(1), 1)))
                .hasMessage("data.csv:3: target column 'y' (2) holds 'NaN': expected a decimal number");
        assertThatThrownBy(() -> split("a,y\nred,Infinity\nblue,1\n", SplitOptions.regression("y", 0.5, salt(1), 1)))
                .hasMessage("data.csv:2: target column 'y' (2) holds 'Infinity': expected a decimal number");
        assertThatThrownBy(() -> split("a,label\n1,x\n2,y\n", classification().withCategorical(Set.of("b"))))
                .hasMessage("data.csv:1: the categorical column 'b' is not a feature column; the header has [a, label]");
        assertThatThrownBy(() -> split("a,label\n1,x\n2,y\n", classification().withCategorical(Set.of("label"))))
                .hasMessage("data.csv:1: the categorical column 'label' is not a feature column (it is the label column)");
    }

    @Test
    void metadataTypesAreCheckedAgainstTheInputType() {
        List<BountyMetadata.Feature> mixed = List.of(new BountyMetadata.Feature("a", "float32"), new BountyMetadata.Feature("b", "string"));
        assertThatThrownBy(() -> metadata(mixed, "float32")).hasMessage("metadata.onnx.inputType must be 'mixed' (some feature is categorical)");
        assertThatThrownBy(() -> metadata(List.of(new BountyMetadata.Feature("a", "int64")), "float32"))
                .hasMessage("metadata.features every feature's type must be 'float32' or 'string'");
        assertThat(metadata(mixed, "mixed").categoricalFeatures()).containsExactly("b");
    }

    private static BountyMetadata metadata(List<BountyMetadata.Feature> features, String inputType) {
        return new BountyMetadata(BountyMetadata.SCHEMA, BountyMetadata.SCHEMA_VERSION, "t", null, null, features, "label", List.of("x", "y"), 1, 1,
                null, null, new BountyMetadata.Split(0.5, false), new BountyMetadata.OnnxConvention(inputType, null));
    }

    @Test
    void aMixedSplitReplaysAndAMetadataThatCallsTextANumberDoesNot() throws IOException {
        Path vectors = MixedVectorsTest.folder().resolve("classification");
        BountyMetadata metadata;
        try (var in = Files.newInputStream(vectors.resolve("metadata.json"))) {
            metadata = BountyMetadata.parse(in);
        }
        var vector = new com.fasterxml.jackson.databind.ObjectMapper().readTree(MixedVectorsTest.folder().resolve("vectors.json").toFile())
                .get("splits").get(0);
        byte[] labels = io.modelmarket.protocol.Hex.decode(vector.get("labels").asText(), "labels");
        var salt = io.modelmarket.protocol.Bytes32.fromHex(vector.get("options").get("salt").asText());
        Path training = vectors.resolve("training.csv");
        Path testInputs = vectors.resolve("test-inputs.csv");
        assertThat(SplitReplay.replay(training, testInputs, metadata, labels, salt).replays()).isTrue();

        List<BountyMetadata.Feature> lying = metadata.features().stream()
                .map(f -> f.name().equals("city") ? new BountyMetadata.Feature("city", "float32") : f).toList();
        BountyMetadata wrong = new BountyMetadata(metadata.schema(), metadata.schemaVersion(), metadata.title(), null, metadata.task(), lying,
                metadata.labelColumn(), metadata.classes(), metadata.testSize(), metadata.trainingSize(), null, null, metadata.split(), metadata.onnx());
        assertThat(SplitReplay.replay(training, testInputs, wrong, labels, salt).detail())
                .isEqualTo("feature column 'city' is float32 in the metadata but holds a value that is not a float32 decimal");
    }

    /** The survey keeps two flags a column, no values: a column of ten million distinct values splits in a 64 MiB heap. */
    @Test
    void tenMillionDistinctValuesSplitInA64MiBHeap() throws IOException, InterruptedException {
        Path csv = folder.resolve("distinct.csv");
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            out.write("code,x,label\n");
            for (int i = 0; i < DISTINCT_ROWS; i++) {
                out.write("k");
                out.write(Integer.toString(i, 36));
                out.write(',');
                out.write(Integer.toString(i % 100));
                out.write(i % 2 == 0 ? ",a\n" : ",b\n");
            }
        }
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), SplitInSmallHeap.class.getName(), csv.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("[code string, x float32] " + DISTINCT_ROWS / 100 + " test rows");
    }

    private static final int DISTINCT_ROWS = 10_000_000;

    /** Splits a file at a 1% test fraction, writing nothing, in whatever heap its JVM has; prints the types and the test rows. */
    static final class SplitInSmallHeap {
        public static void main(String[] args) throws IOException {
            SplitResult result = DatasetSplitter.split(Path.of(args[0]), new SplitOptions("label", 0.01, salt(3), false, null),
                    OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            System.out.println(result.features().stream().map(f -> f.name() + " " + f.type()).toList() + " " + result.testRows() + " test rows");
        }
    }
}
