package io.modelmarket.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.DatasetSplitter;
import io.modelmarket.dataset.SplitOptions;
import io.modelmarket.dataset.SplitResult;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.FixedPoint;
import io.modelmarket.protocol.Scoring;
import io.modelmarket.train.BaselineTrainer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression models through the real sandbox: fixed-point predictions, the one-unit tolerance, and models at fault. */
class RegressionVerifierTest {
    @TempDir
    Path folder;

    private Path training;
    private Path testInputs;
    private SplitResult split;
    private BountyMetadata metadata;
    private final SandboxedVerifier verifier = new SandboxedVerifier(ModelLimits.defaults().withTimeout(Duration.ofSeconds(30)));

    /** {@code y = 3·x1 − 2·x2 + noise}, split 80/20 with targets in hundredths. */
    @BeforeEach
    void makeDataset() throws IOException {
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            double x1 = random.nextDouble() * 10 - 5;
            double x2 = random.nextDouble() * 4;
            csv.append(String.format(Locale.ROOT, "%.3f,%.3f,%.4f%n", x1, x2, 3 * x1 - 2 * x2 + random.nextGaussian() * 0.1));
        }
        Path source = Files.writeString(folder.resolve("data.csv"), csv);
        training = folder.resolve("training.csv");
        testInputs = folder.resolve("test-inputs.csv");
        SplitOptions options = SplitOptions.regression("y", 0.2, Bytes32.fromHex("00".repeat(31) + "0b"), 2);
        try (OutputStream trainingOut = Files.newOutputStream(training); OutputStream testOut = Files.newOutputStream(testInputs)) {
            split = DatasetSplitter.split(source, options, trainingOut, testOut);
        }
        metadata = BountyMetadata.forSplit("y from x", null, null, null, "y", options, split);
    }

    @Test
    void theBaselineLinearRegressionReproducesWithinOneUnitAndFitsTheTarget() throws Exception {
        byte[] model = BaselineTrainer.train(training, metadata, new BaselineTrainer.Options(BaselineTrainer.Kind.LOGISTIC_REGRESSION, 10, 0.5, 1));
        int[] predicted = verifier.predict(model, testInputs, metadata);
        assertThat(predicted).hasSize(100);
        VerificationResult result = verifier.verify(model, testInputs, metadata, FixedPoint.encode(predicted), split.labels(), 1.0);
        assertThat(result.status()).isEqualTo(VerificationResult.Status.REPRODUCED);
        assertThat(result.inspection().classOutput()).isEqualTo("prediction");
        assertThat(result.inspection().valueOutput()).isTrue();
        assertThat(result.explanation()).isEqualTo("its re-run reproduces all 100 revealed predictions within 1 unit plus 1/65,536 of the revealed value");
        assertThat(result.confusion()).isNull();
        // a mean absolute error under 0.25 (25 hundredths): the line is found, the noise is 0.1
        long maxError = 1000;
        long score = Scoring.meanAbsoluteError(predicted, FixedPoint.decode(split.labels()), maxError);
        assertThat(maxError * 100 - score).isLessThan(25 * 100);
    }

    @Test
    void aRevealShadedByOneUnitReproducesAndByTwoDoesNot() {
        byte[] model = Graphs.regression(new float[] {3, -2}, 0.5f, "y_hat", false);
        int[] honest = predict(model);
        int[] shaded = honest.clone();
        for (int i = 0; i < shaded.length; i++) {
            shaded[i] += i % 2 == 0 ? 1 : -1;
        }
        assertThat(verifier.verify(model, testInputs, metadata, FixedPoint.encode(shaded), null, 1.0).reproduced()).isTrue();
        shaded[7] = honest[7] + 2;
        VerificationResult result = verifier.verify(model, testInputs, metadata, FixedPoint.encode(shaded), null, 1.0);
        assertThat(result.status()).isEqualTo(VerificationResult.Status.NOT_REPRODUCED);
        assertThat(result.mismatchingRows()).containsExactly(7);
        assertThat(result.explanation()).isEqualTo("its re-run differs from the revealed predictions by more than 1 unit plus 1/65,536 of the revealed value on 1 of 100 rows (first: row 7, "
                + honest[7] + " re-run vs " + (honest[7] + 2) + " revealed)");
    }

    @Test
    void theWorkerRoundsHalfToEvenAsFixedPointDoes() throws IOException {
        Path inputs = Files.writeString(folder.resolve("ties.csv"), "x1,x2\n0.125,0\n0.375,0\n-0.125,0\n1.005,0\n");
        byte[] identity = Graphs.regression(new float[] {1, 0}, 0, "y_hat", true);
        int[] predicted = predict(identity, inputs);
        assertThat(predicted).containsExactly(12, 38, -12, FixedPoint.fromFloat(1.005f, 2));
    }

    @Test
    void theOutputIsTheFirstFloatColumnOrTheNamedOne() throws Exception {
        byte[] flat = Graphs.regression(new float[] {1, 1}, 0, "y_hat", true);
        assertThat(new ModelInspector(ModelLimits.defaults()).inspect(flat, 2, 0, null).classOutput()).isEqualTo("y_hat");
        BountyMetadata named = new BountyMetadata(metadata.schema(), metadata.schemaVersion(), metadata.title(), null, metadata.task(),
                metadata.features(), metadata.labelColumn(), null, 2, metadata.testSize(), metadata.trainingSize(), null, null, metadata.split(),
                new BountyMetadata.OnnxConvention("float32", "rounded"));
        assertThatThrownBy(() -> verifier.predict(flat, testInputs, named))
                .isInstanceOf(ModelRejectedException.class).hasMessage("output 'rounded' is int64 [-1]; expected float32 [batch] or [batch, 1]");
        byte[] classifier = Graphs.linear(new float[][] {{1, 0, 0}, {0, 1, 0}}, new float[3], true);
        assertThatThrownBy(() -> verifier.predict(classifier, testInputs, metadata))
                .isInstanceOf(ModelRejectedException.class).hasMessage("no output holds a prediction (float32 [batch] or [batch, 1])");
    }

    @Test
    void aPredictionThatIsNoNumberOrBeyondInt32IsTheModelsFault() {
        assertThat(failure(Graphs.regression(new float[] {0, 0}, Float.NaN, "y_hat", false)))
                .isEqualTo("the model failed in the sandbox: row 0: the prediction is NaN; predictions must be finite numbers");
        assertThat(failure(Graphs.regression(new float[] {0, 0}, Float.NEGATIVE_INFINITY, "y_hat", false)))
                .isEqualTo("the model failed in the sandbox: row 0: the prediction is -Infinity; predictions must be finite numbers");
        assertThat(failure(Graphs.regression(new float[] {0, 0}, 3e7f, "y_hat", false)))
                .isEqualTo("the model failed in the sandbox: row 0: the prediction is 3000000000 at 2 decimals, beyond the int32 range"
                        + " (-2147483648 to 2147483647)");
    }

    private String failure(byte[] model) {
        VerificationResult result = verifier.verify(model, testInputs, metadata, new byte[4 * 100], null, 1.0);
        assertThat(result.status()).isEqualTo(VerificationResult.Status.FAILED);
        return result.explanation();
    }

    private int[] predict(byte[] model) {
        return predict(model, testInputs);
    }

    private int[] predict(byte[] model, Path inputs) {
        try {
            return verifier.predict(model, inputs, metadata);
        } catch (ModelRejectedException | InferenceSandbox.InferenceFailedException e) {
            throw new AssertionError(e);
        }
    }
}
