package io.modelmarket.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.ipfs.UnixFsImporter;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.protocol.FixedPoint;
import io.modelmarket.protocol.Hex;
import io.modelmarket.protocol.Scoring;
import io.modelmarket.train.BaselineTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * test/vectors/regression/: what another implementation of regression bounties (the browser's) must reproduce. For each
 * model, run on test/vectors/inference/test-inputs.csv: the fixed-point predictions Java's sandbox makes at
 * {@code targetDecimals}, the model's CID and both commitments, or the reason the model fails; another runtime's
 * predictions must lie within {@code tolerance} units of these (docs/protocol.md, decision 24). Then exact vectors of the
 * fixed-point rules: decimal texts read as targets, float32 outputs made fixed-point, and mean absolute error scores.
 * The test recomputes every vector from the stored files; {@link #main} trains the baseline and writes the files again
 * (run it as BrowserInferenceVectorsTest's main, with this class).
 */
class RegressionVectorsTest {
    private static final int FEATURES = 4;
    private static final int DECIMALS = 3;
    private static final Bytes32 BOUNTY_ID = Bytes32.fromHex("0x" + "7a".repeat(32));
    private static final EthAddress TRAINER = EthAddress.fromHex("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    private static final Bytes32 MODEL_SALT = Bytes32.fromHex("0x" + "a1".repeat(32));
    private static final Bytes32 PREDICTIONS_SALT = Bytes32.fromHex("0x" + "b2".repeat(32));
    private static final List<String> MODELS = List.of("linear-regression", "hand-built", "non-finite", "beyond-int32");
    /** Target cells: ties, spellings of one value, exponents, the int32 edges at 3 decimals, and what is refused. */
    private static final List<String> DECIMAL_TEXTS = List.of("1.5", "1.50", " 1.5 ", "0.0005", "0.0015", "-0.0005", "-0.0015", "0.00049999",
            "1e-3", "+.5E1", "-0", "2147483.647", "2147483.6474", "2147483.6475", "-2147483.648", "-2147483.6485", "2147483.648", "1e999999999",
            "1e-999999999", "", "NaN", "Infinity", "-Infinity", "0x10", "1,5", "abc");
    /** float32 outputs (as their bits): ties after scaling, values just off a tie, the int32 edges, non-finite. */
    private static final List<Float> FLOATS = List.of(0.5f, 1.5f, 2.5f, -2.5f, 0.0625f, 0.1f, 1.0005f, 1.0015f, -1.0005f, 2147483.5f,
            2147483.75f, -2147483.75f, 2147484f, 1e-10f, Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);

    private static Path folder() {
        return Path.of(System.getProperty("modelmarket.root", "../.."), "test", "vectors", "regression");
    }

    @Test
    void javaStillMakesEveryStoredVector() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode stored = json.readTree(folder().resolve("vectors.json").toFile());
        // read back as text: a long that fits an int reads as an int node
        assertThat(json.readTree(json.writeValueAsString(vectors(folder())))).isEqualTo(stored);
    }

    /** Trains the baseline on generated rows like the inference vectors' test inputs, writes the models, then the vectors. */
    public static void main(String[] args) throws IOException {
        Path folder = Files.createDirectories(folder());
        Random random = new Random(20261204L);
        StringBuilder csv = new StringBuilder("petal,weight,ratio,noise,target\n");
        for (int row = 0; row < 3_000; row++) {
            double petal = 1 + random.nextGaussian() * 0.8;
            double weight = 1000 * (1 + random.nextGaussian() * 0.8);
            double ratio = 0.001 * (1 + random.nextGaussian() * 0.8);
            double noise = random.nextGaussian() * 0.8;
            double target = 2 * petal - 0.003 * weight + 500 * ratio + random.nextGaussian() * 0.05;
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%.4f%n", petal, weight, ratio, noise, target));
        }
        Path training = Files.createTempFile("modelmarket-training-", ".csv");
        Files.writeString(training, csv);
        Files.write(folder.resolve("linear-regression.onnx"), BaselineTrainer.trainRegression(training, "target", BaselineTrainer.Options.defaults()));
        Files.delete(training);
        Files.write(folder.resolve("hand-built.onnx"), Graphs.regression(new float[] {1.5f, 0.002f, 300, -0.7f}, 0.25f, "value", true));
        Files.write(folder.resolve("non-finite.onnx"), Graphs.regression(new float[FEATURES], Float.NaN, "value", false));
        Files.write(folder.resolve("beyond-int32.onnx"), Graphs.regression(new float[FEATURES], 3e6f, "value", false));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(folder.resolve("vectors.json").toFile(), vectors(folder));
    }

    private static ObjectNode vectors(Path folder) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode vectors = json.createObjectNode();
        vectors.put("testInputs", "../inference/test-inputs.csv").put("features", FEATURES).put("targetDecimals", DECIMALS)
                .put("tolerance", FixedPoint.REPRODUCTION_TOLERANCE).put("bountyId", BOUNTY_ID.toHex()).put("trainer", TRAINER.toHex())
                .put("modelSalt", MODEL_SALT.toHex()).put("predictionsSalt", PREDICTIONS_SALT.toHex());
        Path inputs = folder.resolve("../inference/test-inputs.csv");
        BountyMetadata metadata = metadata(inputs);
        SandboxedVerifier verifier = new SandboxedVerifier(ModelLimits.defaults());
        ArrayNode models = vectors.putArray("models");
        for (String name : MODELS) {
            byte[] bytes = Files.readAllBytes(folder.resolve(name + ".onnx"));
            String cid = UnixFsImporter.cidOf(bytes).toString();
            ObjectNode model = models.addObject().put("file", name + ".onnx").put("cid", cid)
                    .put("modelCommitment", Commitments.model(BOUNTY_ID, TRAINER, cid, MODEL_SALT).toHex());
            try {
                byte[] predictions = FixedPoint.encode(verifier.predict(bytes, inputs, metadata));
                model.put("predictions", Hex.encode(predictions))
                        .put("predictionsCommitment", Commitments.predictions(BOUNTY_ID, TRAINER, predictions, PREDICTIONS_SALT).toHex());
            } catch (ModelRejectedException e) {
                model.put("failure", "refused: " + e.getMessage());
            } catch (InferenceSandbox.InferenceFailedException e) {
                model.put("failure", e.getMessage());
            }
        }
        ArrayNode decimals = vectors.putArray("decimals");
        for (String text : DECIMAL_TEXTS) {
            ObjectNode vector = decimals.addObject().put("text", text).put("decimals", DECIMALS);
            try {
                vector.put("value", FixedPoint.fromDecimal(text, DECIMALS));
            } catch (IllegalArgumentException e) {
                vector.put("error", e.getMessage());
            }
        }
        ArrayNode floats = vectors.putArray("floats");
        for (float value : FLOATS) {
            ObjectNode vector = floats.addObject().put("bits", String.format("%08x", Float.floatToRawIntBits(value))).put("decimals", DECIMALS);
            try {
                vector.put("value", FixedPoint.fromFloat(value, DECIMALS));
            } catch (IllegalArgumentException e) {
                vector.put("error", "the prediction " + e.getMessage());
            }
        }
        ArrayNode scores = vectors.putArray("scores");
        int[][][] cases = {
            {{100, -250, 0, 40}, {103, -240, 0, 1000}},
            {{Integer.MIN_VALUE, Integer.MAX_VALUE}, {Integer.MAX_VALUE, Integer.MIN_VALUE}},
            {{Integer.MAX_VALUE, 0}, {-1, 0}},
        };
        long[] maxErrors = {50, 0xFFFF_FFFFL, 0xFFFF_FFFFL};
        for (int c = 0; c < cases.length; c++) {
            scores.addObject().put("labels", Hex.encode(FixedPoint.encode(cases[c][0]))).put("predictions", Hex.encode(FixedPoint.encode(cases[c][1])))
                    .put("maxError", maxErrors[c]).put("score", Scoring.meanAbsoluteError(cases[c][1], cases[c][0], maxErrors[c]))
                    .put("maxScore", Scoring.maxScore(Scoring.Metric.MEAN_ABSOLUTE_ERROR, maxErrors[c], cases[c][0].length));
        }
        return vectors;
    }

    /** A regression bounty's metadata over the test inputs' columns, at {@link #DECIMALS} decimals. */
    private static BountyMetadata metadata(Path inputs) throws IOException {
        List<BountyMetadata.Feature> features = java.util.Arrays.stream(Files.readAllLines(inputs).get(0).split(","))
                .map(name -> new BountyMetadata.Feature(name, "float32")).toList();
        return new BountyMetadata(BountyMetadata.SCHEMA, BountyMetadata.SCHEMA_VERSION, "vectors", null, BountyMetadata.REGRESSION, features,
                "target", null, DECIMALS, 2_500, 1, null, null, new BountyMetadata.Split(0.2, false), new BountyMetadata.OnnxConvention("float32", null));
    }
}
