package io.modelmarket.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelmarket.dataset.ClassList;
import io.modelmarket.ipfs.UnixFsImporter;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.protocol.Hex;
import io.modelmarket.train.BaselineTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * test/vectors/inference/: what the browser's trainer library (frontend/src/trainer/) must reproduce byte for byte.
 * For each model: the predictions Java's sandbox makes on {@code test-inputs.csv}, the model's CID and both
 * commitments, or the reason the model is refused; and how Java parses the decimal texts a CSV cell may hold.
 * The test below recomputes every vector from the stored files; {@link #main} trains the two Tribuo models and
 * writes the files again:
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -pl backend/models -am -Dhardhat.build.skip=true -Dmdep.outputFile=/tmp/cp
 * java -Dmodelmarket.root=$PWD -cp $PWD/backend/models/target/test-classes:$PWD/backend/models/target/classes:$(cat /tmp/cp) \
 *     io.modelmarket.verify.BrowserInferenceVectorsTest
 * </pre>
 * (absolute class path entries: the sandbox's worker starts on this JVM's class path, in another directory).
 */
class BrowserInferenceVectorsTest {
    private static final int FEATURES = 4;
    private static final ClassList CLASSES = new ClassList(List.of("low", "middle", "high"));
    private static final int TEST_ROWS = 2_500; // three batches of the sandbox's 1,024 rows
    private static final Bytes32 BOUNTY_ID = Bytes32.fromHex("0x" + "5e".repeat(32));
    private static final EthAddress TRAINER = EthAddress.fromHex("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    private static final Bytes32 MODEL_SALT = Bytes32.fromHex("0x" + "a1".repeat(32));
    private static final Bytes32 PREDICTIONS_SALT = Bytes32.fromHex("0x" + "b2".repeat(32));
    /** Decimal texts around float32's rounding edges: ties, double rounding, overflow, subnormals, signs. */
    private static final List<String> FLOAT_TEXTS = List.of("0.1", "-2.5e-3", ".5", "5.", "+1.5", "-0", "123456789", "16777217",
            "16777219", "1.000000059604644775390625", "1.0000000596046447753906250000001", "1.0000000596046447753906249999999",
            "0.30000001192092896", "3.4028235e38", "3.4028235677973366e38", "3.40282356779733661637539395458142568448e38",
            "3.4028235677973366163753939545814256844E38", "3.4028236e38", "1e39", "1.4e-45", "1e-45", "7.006492321624085e-46",
            "7.0064923216240854e-46", "7e-46", "1e-50", "1.1754942807573643e-38", "2.350988701644575e-38", "9007199254740993",
            "0.000000000000000000000000000000000000000000000000000000000000000001e60", "NaN", "-Infinity");

    private static Path folder() {
        return Path.of(System.getProperty("modelmarket.root", "../.."), "test", "vectors", "inference");
    }

    @Test
    void javaStillMakesEveryStoredVector() throws IOException {
        JsonNode stored = new ObjectMapper().readTree(folder().resolve("vectors.json").toFile());
        JsonNode computed = vectors(folder(), stored.get("models"));
        assertThat(computed).isEqualTo(stored);
    }

    /** Trains the two baseline models, writes the test inputs and the hand-built models, then the vectors. */
    public static void main(String[] args) throws IOException {
        Path folder = Files.createDirectories(folder());
        Random random = new Random(20261125L);
        Path training = Files.createTempFile("modelmarket-training-", ".csv");
        Files.writeString(training, rows(random, 3_000, true));
        Files.writeString(folder.resolve("test-inputs.csv"), rows(random, TEST_ROWS, false));
        BaselineTrainer.Options defaults = BaselineTrainer.Options.defaults();
        Files.write(folder.resolve("logistic-regression.onnx"), BaselineTrainer.train(training, "label", CLASSES, defaults));
        Files.write(folder.resolve("factorization-machine.onnx"), BaselineTrainer.train(training, "label", CLASSES,
                new BaselineTrainer.Options(BaselineTrainer.Kind.FACTORIZATION_MACHINE, defaults.epochs(), 0.1, defaults.seed())));
        Files.delete(training);
        float[][] weights = {{1, 0, 0}, {0, 0.001f, 0}, {0, 0, 1}, {-1, 1, 0}};
        Files.write(folder.resolve("scores-only.onnx"), Graphs.linear(weights, new float[] {0, 0, 0.5f}, false));
        Files.write(folder.resolve("five-features.onnx"), Graphs.linear(new float[FEATURES + 1][CLASSES.size()], new float[CLASSES.size()], true));
        Files.write(folder.resolve("class-out-of-range.onnx"), Graphs.constantClass(FEATURES, CLASSES.size(), 999_999));
        Files.write(folder.resolve("custom-domain.onnx"), Graphs.customOp(FEATURES, CLASSES.size()));
        Files.write(folder.resolve("non-finite-scores.onnx"), Graphs.unaryScores(FEATURES, CLASSES.size(), "Sqrt"));
        ArrayNode models = new ObjectMapper().createArrayNode();
        for (String name : List.of("logistic-regression", "factorization-machine", "scores-only", "five-features", "class-out-of-range",
                "custom-domain", "non-finite-scores")) {
            models.addObject().put("file", name + ".onnx");
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(folder.resolve("vectors.json").toFile(), vectors(folder, models));
    }

    /** A CSV of {@code rows} rows: four features whose means depend on the class, in several decimal spellings. */
    private static String rows(Random random, int rows, boolean withLabel) {
        StringBuilder csv = new StringBuilder("petal,weight,ratio,noise" + (withLabel ? ",label" : "") + "\n");
        double[] scale = {1, 1000, 0.001, 1};
        for (int row = 0; row < rows; row++) {
            int label = random.nextInt(CLASSES.size());
            for (int feature = 0; feature < FEATURES; feature++) {
                double value = ((feature == 3 ? 0 : label) + random.nextGaussian() * 0.8) * scale[feature];
                csv.append(switch (row % 4) {
                    case 0 -> Double.toString(value); // 17 significant digits: rounds twice through a double
                    case 1 -> Float.toString((float) value);
                    case 2 -> String.format(Locale.ROOT, "%.3f", value);
                    default -> String.format(Locale.ROOT, "%.9e", value);
                }).append(feature + 1 < FEATURES || withLabel ? "," : "\n");
            }
            if (withLabel) {
                csv.append(CLASSES.names().get(label)).append('\n');
            }
        }
        return csv.toString();
    }

    /** Java's answer for every model in {@code models} (objects with a {@code file}) and every float text. */
    private static ObjectNode vectors(Path folder, JsonNode models) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode vectors = json.createObjectNode();
        vectors.put("testInputs", "test-inputs.csv").put("features", FEATURES).put("bountyId", BOUNTY_ID.toHex())
                .put("trainer", TRAINER.toHex()).put("modelSalt", MODEL_SALT.toHex()).put("predictionsSalt", PREDICTIONS_SALT.toHex());
        CLASSES.names().forEach(vectors.putArray("classes")::add);
        SandboxedVerifier verifier = new SandboxedVerifier(ModelLimits.defaults());
        Path inputs = folder.resolve("test-inputs.csv");
        ArrayNode results = vectors.putArray("models");
        for (JsonNode model : models) {
            String file = model.get("file").asText();
            byte[] bytes = Files.readAllBytes(folder.resolve(file));
            String cid = UnixFsImporter.cidOf(bytes).toString();
            ObjectNode result = results.addObject().put("file", file).put("cid", cid)
                    .put("modelCommitment", Commitments.model(BOUNTY_ID, TRAINER, cid, MODEL_SALT).toHex());
            try {
                byte[] predictions = toBytes(verifier.predict(bytes, inputs, FEATURES, CLASSES.size(), null));
                result.put("predictions", Hex.encode(predictions))
                        .put("predictionsCommitment", Commitments.predictions(BOUNTY_ID, TRAINER, predictions, PREDICTIONS_SALT).toHex());
            } catch (ModelRejectedException e) {
                // Java prints the allowed operator domains as a Set, in no fixed order: the vector stops before them.
                result.put("failure", "refused: " + e.getMessage().replaceFirst("; allowed: .*", ""));
            } catch (InferenceSandbox.InferenceFailedException e) {
                result.put("failure", e.getMessage());
            }
        }
        ArrayNode floats = vectors.putArray("floats");
        for (String text : FLOAT_TEXTS) {
            floats.addObject().put("text", text).put("bits", String.format("%08x", Float.floatToRawIntBits(Float.parseFloat(text))));
        }
        return vectors;
    }

    private static byte[] toBytes(int[] classIndices) {
        byte[] bytes = new byte[classIndices.length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) classIndices[i];
        }
        return bytes;
    }
}
