package io.modelmarket.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.dataset.DatasetSplitter;
import io.modelmarket.dataset.SplitOptions;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.dataset.SplitResult;
import io.modelmarket.train.BaselineTrainer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real models through the real sandbox: Tribuo exports, hand-built graphs, and hostile ones. */
class SandboxedVerifierTest {
    private static final int FEATURES = 4;
    private static final int CLASSES = 3;

    @TempDir
    Path folder;

    private Path training;
    private Path testInputs;
    private SplitResult split;
    private final SandboxedVerifier verifier = new SandboxedVerifier(ModelLimits.defaults().withTimeout(Duration.ofSeconds(20)));

    /** Three well-separated classes of four features; the split gives training and test files. */
    @BeforeEach
    void makeDataset() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,c,d,label\n");
        Random random = new Random(3);
        for (int i = 0; i < 600; i++) {
            int label = i % CLASSES;
            for (int f = 0; f < FEATURES; f++) {
                csv.append(String.format("%.3f,", (f == label ? 3.0 : 0.0) + random.nextGaussian() * 0.5));
            }
            csv.append("class").append(label).append('\n');
        }
        Path source = Files.writeString(folder.resolve("data.csv"), csv);
        training = folder.resolve("training.csv");
        testInputs = folder.resolve("test-inputs.csv");
        try (OutputStream trainingOut = Files.newOutputStream(training); OutputStream testOut = Files.newOutputStream(testInputs)) {
            split = DatasetSplitter.split(source, new SplitOptions("label", 0.2, Bytes32.fromHex("00".repeat(31) + "09"), true, null), trainingOut, testOut);
        }
    }

    @ParameterizedTest
    @EnumSource(BaselineTrainer.Kind.class)
    void anHonestTribuoModelReproducesAndADoctoredRevealDoesNot(BaselineTrainer.Kind kind) throws IOException {
        byte[] model = BaselineTrainer.train(training, "label", split.classes(), new BaselineTrainer.Options(kind, 10, 0.5, 1));
        byte[] honest = predictionsOf(model);

        VerificationResult result = verify(model, honest);
        assertThat(result.status()).isEqualTo(VerificationResult.Status.REPRODUCED);
        assertThat(result.rowsMatched()).isEqualTo(split.testRows());
        assertThat((double) result.correct() / split.testRows()).isGreaterThan(0.9);
        assertThat(result.inspection().classOutput()).isEqualTo("label");
        assertThat(result.inspection().producer()).contains("Tribuo");

        byte[] doctored = honest.clone();
        doctored[7] = (byte) ((doctored[7] + 1) % CLASSES);
        VerificationResult cheat = verify(model, doctored);
        assertThat(cheat.status()).isEqualTo(VerificationResult.Status.NOT_REPRODUCED);
        assertThat(cheat.mismatchingRows()).containsExactly(7);
        assertThat(cheat.rowsMatched()).isEqualTo(split.testRows() - 1);
        assertThat(cheat.explanation()).isEqualTo("its re-run differs from the revealed predictions on 1 of " + split.testRows()
                + " rows (first: row 7, class " + honest[7] + " re-run vs " + doctored[7] + " revealed)");
        assertThat(VerificationReport.toJson(cheat)).contains("\"firstMismatch\" : {", "\"explanation\" : \"its re-run differs");
        assertThat(result.explanation()).isEqualTo("its re-run reproduces all " + split.testRows() + " revealed predictions");
    }

    @Test
    void aHandBuiltMatMulAddArgMaxModelReproducesItsArithmetic() throws IOException {
        float[][] weights = new float[FEATURES][CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            weights[c][c] = 1; // class c scores feature c
        }
        byte[] withIndexOutput = Graphs.linear(weights, new float[CLASSES], true);
        byte[] scoresOnly = Graphs.linear(weights, new float[CLASSES], false);
        byte[] expected = argMaxOfFirstFeatures(testInputs);
        VerificationResult indexed = verify(withIndexOutput, expected);
        VerificationResult scored = verify(scoresOnly, expected);
        assertThat(indexed.status()).isEqualTo(VerificationResult.Status.REPRODUCED);
        assertThat(indexed.inspection().classOutputIsIndex()).isTrue();
        assertThat(scored.status()).isEqualTo(VerificationResult.Status.REPRODUCED);
        assertThat(scored.inspection().classOutputIsIndex()).isFalse();
        assertThat(indexed.confusion()[0][0] + indexed.confusion()[1][1] + indexed.confusion()[2][2]).isEqualTo(indexed.correct());

        assertThat(VerificationReport.toText(indexed)).startsWith("Verification REPRODUCED: " + split.testRows() + " of " + split.testRows());
        assertThat(VerificationReport.toJson(indexed)).contains("\"status\" : \"REPRODUCED\"", "\"classOutput\" : \"label\"");
        String svg = VerificationReport.confusionMatrixSvg(indexed, split.classes().names());
        assertThat(svg).startsWith("<svg").contains(">class2</text>").endsWith("</svg>\n");
        assertThat(svg.split("<rect ", -1)).hasSize(CLASSES * CLASSES + 1);
    }

    @Test
    void hostileModelsAreRefusedWithTheirReason() throws IOException {
        byte[] any = new byte[split.testRows()];
        assertThat(verify(Graphs.externalData(FEATURES, CLASSES), any).failure())
                .isEqualTo("refused: tensor 'W' refers to external data; models must be self-contained");
        assertThat(verify(Graphs.customOp(FEATURES, CLASSES), any).failure())
                .startsWith("refused: an opset import uses the operator domain 'com.evil'");
        assertThat(verify(Graphs.linear(new float[FEATURES + 1][CLASSES], new float[CLASSES], true), any).failure())
                .isEqualTo("refused: the model reads 5 features per row; the dataset has 4");
        assertThat(verify(Graphs.hugeTensor(FEATURES), any).failure())
                .startsWith("refused: tensor 'W' declares 10000000000 elements");
        assertThat(verify("not a model at all".getBytes(), any).failure()).startsWith("refused: not an ONNX model");
        assertThat(verify(Graphs.externalData(FEATURES, CLASSES), any).explanation())
                .isEqualTo("the model was refused before it ran: tensor 'W' refers to external data; models must be self-contained");
    }

    @Test
    void aModelWhoseOutputIsNotAClassIndexIsRefusedNamingTheRowAndValue() throws IOException {
        byte[] any = new byte[split.testRows()];
        assertThat(verify(Graphs.constantClass(FEATURES, CLASSES, 999_999), any).failure()).isEqualTo("failed: row 0: class 999999; classes are 0..2");
        assertThat(verify(Graphs.constantClass(FEATURES, CLASSES, -1), any).failure()).isEqualTo("failed: row 0: class -1; classes are 0..2");
        assertThat(verify(Graphs.constantClass(FEATURES, CLASSES, CLASSES), any).failure()).isEqualTo("failed: row 0: class 3; classes are 0..2");
        assertThat(verify(Graphs.constantClass(FEATURES, CLASSES, CLASSES - 1), any).status()).isEqualTo(VerificationResult.Status.NOT_REPRODUCED);
    }

    @Test
    void theRowOfABadClassIndexCountsAcrossBatches() throws IOException {
        // Four scores for three classes: the argmax is 3, not a class, on the one row whose fourth feature is largest.
        float[][] identity = new float[FEATURES][FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            identity[f][f] = 1;
        }
        StringBuilder csv = new StringBuilder("a,b,c,d\n");
        for (int row = 0; row < 200; row++) {
            csv.append(row == 130 ? "0,0,0,1\n" : "1,0,0,0\n");
        }
        Path model = Files.write(folder.resolve("four-scores.onnx"), Graphs.linear(identity, new float[FEATURES], true));
        Path inputs = Files.writeString(folder.resolve("inputs.csv"), csv);
        assertThatThrownBy(() -> InferenceWorker.run(folder.resolve("marker"), model, inputs, folder.resolve("out.bin"), FEATURES, CLASSES, "label",
                true, 1, 64))
                .isInstanceOf(InferenceWorker.ModelFaultException.class)
                .hasMessage("row 130: class 3; classes are 0..2");
    }

    @Test
    void aModelThatNeverFinishesIsStoppedByTheTimeLimit() throws IOException {
        SandboxedVerifier impatient = new SandboxedVerifier(ModelLimits.defaults().withTimeout(Duration.ofSeconds(5)));
        VerificationResult result = impatient.verify(Graphs.endlessLoop(FEATURES, CLASSES), testInputs, FEATURES, CLASSES, null,
                new byte[split.testRows()], split.labels(), 1.0);
        assertThat(result.status()).isEqualTo(VerificationResult.Status.FAILED);
        assertThat(result.failure()).isEqualTo("failed: the model ran longer than the 5 s limit");
        assertThat(VerificationReport.toText(result)).isEqualTo("Verification FAILED: failed: the model ran longer than the 5 s limit");
        assertThat(result.explanation()).isEqualTo("the model ran longer than the 5 s limit");
    }

    @Test
    void aModelOnnxRuntimeCannotLoadFailsWithItsError() {
        VerificationResult result = verify(Graphs.unknownOperator(FEATURES, CLASSES), new byte[split.testRows()]);
        assertThat(result.status()).isEqualTo(VerificationResult.Status.FAILED);
        assertThat(result.failure()).startsWith("failed: ONNX Runtime cannot load the model: ").contains("NoSuchOperator");
        assertThat(result.explanation()).startsWith("the model failed in the sandbox: ONNX Runtime cannot load the model: ");
    }

    @Test
    void aMemoryBombFailsNamingTheSandboxsMemoryLimit() throws Exception {
        byte[] bomb = Graphs.memoryBomb(FEATURES, CLASSES);
        String limit = "the model needed more than the sandbox's " + ModelLimits.defaults().memoryMiB() + " MiB memory limit";
        VerificationResult result = verify(bomb, new byte[split.testRows()]);
        assertThat(result.status()).isEqualTo(VerificationResult.Status.FAILED);
        assertThat(result.failure()).isEqualTo("failed: " + limit);
        assertThat(result.explanation()).isEqualTo(limit);
        assertThatThrownBy(() -> verifier.predict(bomb, testInputs, FEATURES, CLASSES, null))
                .isInstanceOfSatisfying(InferenceSandbox.InferenceFailedException.class,
                        e -> assertThat(e.fault()).isEqualTo(InferenceSandbox.InferenceFailedException.Fault.MODEL))
                .hasMessage("failed: " + limit);
    }

    @Test
    void scoresThatAreNotFiniteNumbersAreRefusedNamingTheFirstRowForVerifierAndTrainerAlike() throws IOException {
        // Rows 0-2 are fine; row 3 has a negative first feature (Sqrt: NaN) and a zero second one (Reciprocal: infinity).
        Path inputs = Files.writeString(folder.resolve("inputs.csv"), "a,b,c,d\n1,1,1,1\n2,2,2,2\n3,1,2,1\n-1,0,1,1\n1,0,1,1\n");
        byte[] nan = Graphs.unaryScores(FEATURES, CLASSES, "Sqrt");
        byte[] infinite = Graphs.unaryScores(FEATURES, CLASSES, "Reciprocal");
        VerificationResult result = verifier.verify(nan, inputs, FEATURES, CLASSES, null, new byte[5], null, 1.0);
        assertThat(result.status()).isEqualTo(VerificationResult.Status.FAILED);
        assertThat(result.failure()).isEqualTo("failed: row 3: the score of class 0 is NaN; scores must be finite numbers");
        assertThat(result.explanation()).isEqualTo("the model failed in the sandbox: row 3: the score of class 0 is NaN; scores must be finite numbers");
        assertThatThrownBy(() -> verifier.predict(nan, inputs, FEATURES, CLASSES, null))
                .isInstanceOf(InferenceSandbox.InferenceFailedException.class).hasMessage(result.failure());
        assertThatThrownBy(() -> verifier.predict(infinite, inputs, FEATURES, CLASSES, null))
                .isInstanceOf(InferenceSandbox.InferenceFailedException.class)
                .hasMessage("failed: row 3: the score of class 1 is Infinity; scores must be finite numbers");
    }

    @Test
    void aWorkerThatCannotStartIsTheVerifiersFaultNotTheModels() throws Exception {
        ModelLimits limits = ModelLimits.defaults();
        InferenceSandbox broken = new InferenceSandbox(limits, SandboxGate.unlimited(), folder.resolve("no-such-classes").toString());
        SandboxedVerifier verifier = new SandboxedVerifier(limits, SandboxGate.unlimited(), broken);
        byte[] model = TestModels.pickLargestOfThree();
        Path inputs = Files.writeString(folder.resolve("inputs.csv"), "a,b,c\n1,2,3\n");

        VerificationResult result = verifier.verify(model, inputs, 3, 3, null, new byte[] {2}, null, 1.0);
        assertThat(result.status()).isEqualTo(VerificationResult.Status.INCONCLUSIVE);
        assertThat(result.conclusive()).isFalse();
        assertThat(result.failure()).startsWith("the verifier could not run the model: its worker did not start: ")
                .contains("ClassNotFoundException: " + InferenceWorker.class.getName());
        assertThat(result.explanation()).isEqualTo(result.failure());
        assertThat(VerificationReport.toText(result)).isEqualTo("Verification INCONCLUSIVE: " + result.failure());
        assertThatThrownBy(() -> verifier.predict(model, inputs, 3, 3, null))
                .isInstanceOfSatisfying(InferenceSandbox.InferenceFailedException.class,
                        e -> assertThat(e.fault()).isEqualTo(InferenceSandbox.InferenceFailedException.Fault.SANDBOX))
                .hasMessageStartingWith("the sandbox could not run the model: its worker did not start: ");
    }

    @Test
    void aJvmThatCannotReserveItsHeapUnderTheMemoryLimitIsInconclusive() {
        ModelLimits cramped = new ModelLimits(200L << 20, 100_000_000L, ModelLimits.defaults().allowedDomains(), Duration.ofSeconds(20), 64, 1, 1024);
        VerificationResult result = new SandboxedVerifier(cramped).verify(TestModels.pickLargestOfThree(), testInputs, 3, 3, null,
                new byte[split.testRows()], null, 1.0);
        assertThat(result.status()).isEqualTo(VerificationResult.Status.INCONCLUSIVE);
        assertThat(result.failure()).startsWith("the verifier could not run the model: its worker did not start: ");
    }

    private VerificationResult verify(byte[] model, byte[] revealed) {
        return verifier.verify(model, testInputs, FEATURES, CLASSES, null, revealed, split.labels(), 1.0);
    }

    /** What the model predicts, from the worker run in this JVM. */
    private byte[] predictionsOf(byte[] model) throws IOException {
        Path out = folder.resolve("predictions.bin");
        try {
            InferenceWorker.run(folder.resolve("marker"), Files.write(folder.resolve("model.onnx"), model), testInputs, out, FEATURES, CLASSES,
                    "label", true, 1, 64);
        } catch (ai.onnxruntime.OrtException e) {
            throw new IOException(e);
        }
        byte[] raw = Files.readAllBytes(out);
        byte[] predictions = new byte[raw.length / 4];
        for (int i = 0; i < predictions.length; i++) {
            predictions[i] = raw[4 * i + 3];
        }
        return predictions;
    }

    private static byte[] argMaxOfFirstFeatures(Path inputs) throws IOException {
        return Files.readAllLines(inputs).stream().skip(1).map(line -> {
            String[] cells = line.split(",");
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                if (Float.parseFloat(cells[c]) > Float.parseFloat(cells[best])) {
                    best = c;
                }
            }
            return (byte) best;
        }).collect(java.io.ByteArrayOutputStream::new, java.io.ByteArrayOutputStream::write, (a, b) -> a.writeBytes(b.toByteArray()))
                .toByteArray();
    }
}
