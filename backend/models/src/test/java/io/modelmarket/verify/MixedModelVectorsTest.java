package io.modelmarket.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.protocol.FixedPoint;
import io.modelmarket.protocol.Hex;
import io.modelmarket.train.BaselineTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * test/vectors/mixed/models.json: what another runner of mixed-column models (the browser's) must reproduce. The baseline
 * trained on each split vector's training CSV and a hand-built model (float and string inputs, {@code IsNaN}, {@code Where},
 * {@code CategoryMapper}), each run on the split's test inputs by Java's sandbox: the class indices or fixed-point
 * predictions (another runtime's regression predictions within {@code tolerance} units); and models run against a
 * split whose features they do not read: the refusal in the inspection's words. The test recomputes every vector from
 * the stored files; {@link #main} trains the models and writes everything again (after MixedVectorsTest's main).
 */
class MixedModelVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SPLITS = List.of("classification", "regression", "categorical-only");
    /** A model file (under the folder) and the split whose metadata and test inputs it runs on. */
    private record Run(String model, String split) {}
    private static final List<Run> RUNS = List.of(
            new Run("classification/baseline.onnx", "classification"),
            new Run("regression/baseline.onnx", "regression"),
            new Run("categorical-only/baseline.onnx", "categorical-only"),
            new Run("classification/hand-built.onnx", "classification"),
            new Run("classification/hand-built.onnx", "categorical-only"),
            new Run("classification/baseline.onnx", "regression"),
            new Run("regression/numeric-only.onnx", "regression"),
            new Run("../inference/logistic-regression.onnx", "classification"));

    private static Path folder() {
        return Path.of(System.getProperty("modelmarket.root", "../.."), "test", "vectors", "mixed");
    }

    @Test
    void javaStillMakesEveryStoredVector() throws IOException {
        JsonNode stored = JSON.readTree(folder().resolve("models.json").toFile());
        assertThat(JSON.readTree(JSON.writeValueAsString(vectors(folder())))).isEqualTo(stored);
    }

    /** Trains the baselines on the split vectors' training files, builds the other models, and writes the vectors. */
    public static void main(String[] args) throws IOException {
        Path folder = folder();
        for (String split : SPLITS) {
            Files.write(folder.resolve(split).resolve("baseline.onnx"),
                    BaselineTrainer.train(folder.resolve(split).resolve("training.csv"), metadata(folder, split), BaselineTrainer.Options.defaults()));
        }
        Files.write(folder.resolve("classification/hand-built.onnx"),
                Graphs.mixed(2, 4, List.of("Paris", "London", "Zürich", "red", "green", "01007", "01013"), 3, 22));
        Files.write(folder.resolve("regression/numeric-only.onnx"), Graphs.regression(new float[] {10, 1}, 50, "price", false));
        JSON.enable(SerializationFeature.INDENT_OUTPUT).writeValue(folder.resolve("models.json").toFile(), vectors(folder));
    }

    static BountyMetadata metadata(Path folder, String split) throws IOException {
        try (InputStream in = Files.newInputStream(folder.resolve(split).resolve("metadata.json"))) {
            return BountyMetadata.parse(in);
        }
    }

    private static ObjectNode vectors(Path folder) throws IOException {
        ObjectNode vectors = JSON.createObjectNode().put("tolerance", FixedPoint.REPRODUCTION_TOLERANCE);
        ArrayNode runs = vectors.putArray("runs");
        SandboxedVerifier verifier = new SandboxedVerifier(ModelLimits.defaults());
        for (Run run : RUNS) {
            BountyMetadata metadata = metadata(folder, run.split());
            ObjectNode vector = runs.addObject().put("model", run.model()).put("split", run.split())
                    .put("metadata", run.split() + "/metadata.json").put("testInputs", run.split() + "/test-inputs.csv");
            try {
                int[] predicted = verifier.predict(Files.readAllBytes(folder.resolve(run.model())), folder.resolve(run.split()).resolve("test-inputs.csv"),
                        metadata);
                vector.put("predictions", Hex.encode(metadata.isRegression() ? FixedPoint.encode(predicted) : classBytes(predicted)));
            } catch (ModelRejectedException e) {
                vector.put("failure", "refused: " + e.getMessage());
            } catch (InferenceSandbox.InferenceFailedException e) {
                vector.put("failure", e.getMessage());
            }
        }
        return vectors;
    }

    static byte[] classBytes(int[] classes) {
        byte[] bytes = new byte[classes.length];
        for (int i = 0; i < classes.length; i++) {
            bytes[i] = (byte) classes[i];
        }
        return bytes;
    }
}
