package io.modelmarket.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.protocol.Hex;
import io.modelmarket.train.BaselineTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mixed-column models (docs/models.md, "Inputs"): the baseline, a model built outside the trainer, unseen values, the inspection. */
class MixedModelsTest {
    private static final Path VECTORS = Path.of(System.getProperty("modelmarket.root", "../.."), "test", "vectors", "mixed");

    @TempDir
    Path folder;

    private final SandboxedVerifier verifier = new SandboxedVerifier(ModelLimits.defaults());

    private static BountyMetadata metadata(String split) throws IOException {
        return MixedModelVectorsTest.metadata(VECTORS, split);
    }

    private static byte[] labels(String split) throws IOException {
        for (var vector : new com.fasterxml.jackson.databind.ObjectMapper().readTree(VECTORS.resolve("vectors.json").toFile()).get("splits")) {
            if (vector.get("name").asText().equals(split)) {
                return Hex.decode(vector.get("labels").asText(), "labels");
            }
        }
        throw new IllegalArgumentException(split);
    }

    @Test
    void theBaselineLearnsFromNumbersWithMissingValuesAndCategoriesAndReproduces() throws Exception {
        BountyMetadata metadata = metadata("classification");
        Path testInputs = VECTORS.resolve("classification/test-inputs.csv");
        byte[] model = BaselineTrainer.train(VECTORS.resolve("classification/training.csv"), metadata, new BaselineTrainer.Options(
                BaselineTrainer.Kind.LOGISTIC_REGRESSION, 20, 0.5, 1));
        byte[] labels = labels("classification");
        byte[] revealed = MixedModelVectorsTest.classBytes(verifier.predict(model, testInputs, metadata));
        VerificationResult result = verifier.verify(model, testInputs, metadata, revealed, labels, 1.0);
        assertThat(result.status()).isEqualTo(VerificationResult.Status.REPRODUCED);
        assertThat((double) result.correct() / labels.length).isGreaterThan(0.6); // three classes: chance is about 0.33
    }

    @Test
    void aMixedModelBuiltOutsideTheTrainerIsVerifiedThroughTheSandbox() throws Exception {
        BountyMetadata metadata = metadata("classification");
        Path testInputs = VECTORS.resolve("classification/test-inputs.csv");
        byte[] model = Graphs.mixed(2, 4, List.of("Paris", "London", "red", "01007"), 3, 7);
        byte[] revealed = MixedModelVectorsTest.classBytes(verifier.predict(model, testInputs, metadata));
        assertThat(verifier.verify(model, testInputs, metadata, revealed, null, 1.0).status()).isEqualTo(VerificationResult.Status.REPRODUCED);
        revealed[3] = (byte) ((revealed[3] + 1) % 3);
        assertThat(verifier.verify(model, testInputs, metadata, revealed, null, 1.0).status()).isEqualTo(VerificationResult.Status.NOT_REPRODUCED);
    }

    /** An unseen value is no error: the baseline encodes it as all zeros, so it predicts what it predicts for a missing value. */
    @Test
    void anUnseenCategoryPredictsAsAMissingOne() throws Exception {
        BountyMetadata metadata = metadata("regression");
        byte[] model = BaselineTrainer.train(VECTORS.resolve("regression/training.csv"), metadata, BaselineTrainer.Options.defaults());
        Path inputs = Files.writeString(folder.resolve("inputs.csv"), "rooms,area,district,heating\n"
                + "3,80,\"atlantis, lost\",gas\n"
                + "3,80,,gas\n"
                + "3,80,   ,gas\n"
                + "3,80,north,gas\n");
        int[] predicted = verifier.predict(model, inputs, metadata);
        assertThat(predicted[0]).isEqualTo(predicted[1]).isEqualTo(predicted[2]).isNotEqualTo(predicted[3]);
        // a missing number is imputed with the training mean: the prediction is a number
        Path missingNumbers = Files.writeString(folder.resolve("missing.csv"), "rooms,area,district,heating\n,,north,\n");
        assertThat(verifier.predict(model, missingNumbers, metadata)).hasSize(1);
    }

    @Test
    void theInspectionChecksTheInputsAgainstTheFeatures() throws Exception {
        ModelInspector inspector = new ModelInspector(ModelLimits.defaults());
        BountyMetadata metadata = metadata("classification"); // 2 numeric (age, income), 4 categorical
        assertThatThrownBy(() -> inspector.inspect(withInputs(input("x", OnnxMl.TensorProto.DataType.INT64, 2)), metadata))
                .hasMessage("the model's input 'x' is int64; inputs are float32 (numeric features) or string (categorical features)");
        assertThatThrownBy(() -> inspector.inspect(withInputs(input("a", OnnxMl.TensorProto.DataType.FLOAT, 1),
                input("c", OnnxMl.TensorProto.DataType.FLOAT, 1)), metadata))
                .hasMessage("the model has two float32 inputs ('a', 'c'); it takes one float32 input (numeric features) and one string input"
                        + " (categorical features) at most");
        assertThatThrownBy(() -> inspector.inspect(withInputs(input("s", OnnxMl.TensorProto.DataType.STRING, 4)), metadata))
                .hasMessage("the model has no float32 input; the dataset has 2 numeric features");
        assertThatThrownBy(() -> inspector.inspect(withInputs(input("f", OnnxMl.TensorProto.DataType.FLOAT, 2)), metadata))
                .hasMessage("the model has no string input; the dataset has 4 categorical features (city, zip, colour, reading)");
        assertThatThrownBy(() -> inspector.inspect(withInputs(input("f", OnnxMl.TensorProto.DataType.FLOAT, 5),
                input("s", OnnxMl.TensorProto.DataType.STRING, 4)), metadata))
                .hasMessage("the model reads 5 numeric features per row; the dataset has 2");
        assertThatThrownBy(() -> inspector.inspect(withInputs(input("f", OnnxMl.TensorProto.DataType.FLOAT, 2),
                input("s", OnnxMl.TensorProto.DataType.STRING)), metadata))
                .hasMessage("the model's input 's' is string [-1]; inputs are [batch, features]");
        ModelInspection inspection = inspector.inspect(Graphs.mixed(2, 4, List.of("a"), 3, 1), metadata);
        assertThat(inspection.numericInput()).isEqualTo("num");
        assertThat(inspection.stringInput()).isEqualTo("cat");
    }

    /** A model of a linear classifier of 3 classes on {@code inputs}, whatever they are (the inspection reads only the inputs). */
    private static byte[] withInputs(OnnxMl.ValueInfoProto... inputs) throws IOException {
        OnnxMl.ModelProto base = OnnxMl.ModelProto.parseFrom(Graphs.mixed(2, 4, List.of("a"), 3, 1));
        OnnxMl.GraphProto.Builder graph = base.getGraph().toBuilder().clearInput();
        for (OnnxMl.ValueInfoProto input : inputs) {
            graph.addInput(input);
        }
        return base.toBuilder().setGraph(graph).build().toByteArray();
    }

    private static OnnxMl.ValueInfoProto input(String name, OnnxMl.TensorProto.DataType type, long... widths) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder().addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long width : widths) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }
}
