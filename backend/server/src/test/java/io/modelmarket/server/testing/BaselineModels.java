package io.modelmarket.server.testing;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.BountyMetadata.Feature;
import io.modelmarket.dataset.ClassList;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.testing.Bounties;
import io.modelmarket.train.BaselineTrainer;
import io.modelmarket.verify.InferenceSandbox;
import io.modelmarket.verify.ModelInspector;
import io.modelmarket.verify.ModelLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** What an honest trainer does off the server: trains the baseline model and predicts with it as a verifier will. */
public final class BaselineModels {
    private BaselineModels() {}

    /** Trains the baseline on {@code trainingCsv} (label column {@code label}) and writes the ONNX model to {@code model}. */
    public static Path train(Path trainingCsv, ClassList classes, Path model) throws IOException {
        return Files.write(model, BaselineTrainer.train(trainingCsv, "label", classes, BaselineTrainer.Options.defaults()));
    }

    /** A model of mixed columns and the features and classes it was trained for. */
    public record MixedModel(byte[] onnx, List<Feature> features, List<String> classes) {}

    /**
     * The baseline trained on a generated file of a numeric {@code age} (some missing) and a categorical {@code city} (one
     * value holding a comma, some missing): the class is {@code north} for Oslo and Bergen, {@code south} for
     * {@code Lima, Peru} and Quito, and by the age where the city is missing. The training file goes to {@code folder}.
     */
    public static MixedModel trainMixed(Path folder) throws IOException {
        List<String> cities = List.of("Oslo", "\"Lima, Peru\"", "Bergen", "Quito", "");
        StringBuilder csv = new StringBuilder("age,city,label\n");
        for (int i = 0; i < 200; i++) {
            String city = cities.get(i % cities.size());
            int age = 20 + (i * 13) % 50;
            String label = city.isEmpty() ? (age > 45 ? "north" : "south") : city.equals("Oslo") || city.equals("Bergen") ? "north" : "south";
            csv.append(i % 7 == 0 ? "" : String.valueOf(age)).append(',').append(city).append(',').append(label).append('\n');
        }
        Path training = Files.writeString(folder.resolve("mixed-training.csv"), csv);
        List<Feature> features = List.of(new Feature("age", Feature.NUMERIC), new Feature("city", Feature.CATEGORICAL));
        List<String> classes = List.of("north", "south");
        BountyMetadata metadata = new BountyMetadata(BountyMetadata.SCHEMA, BountyMetadata.SCHEMA_VERSION, "Mixed columns", null,
                BountyMetadata.CLASSIFICATION, features, "label", classes, 1, 200, null, null, new BountyMetadata.Split(0.2, false),
                new BountyMetadata.OnnxConvention(BountyMetadata.MIXED_INPUT, null));
        byte[] onnx = BaselineTrainer.train(training, metadata, new BaselineTrainer.Options(BaselineTrainer.Kind.LOGISTIC_REGRESSION, 20, 0.5, 1));
        return new MixedModel(onnx, features, classes);
    }

    /**
     * Trains the baseline on {@code bounty}'s training file as a trainer does who downloads it from {@code store};
     * writes the ONNX model to {@code model}.
     */
    public static Path trainOn(Bounties.Bounty bounty, ContentStore store, Path model) throws IOException {
        Path training = model.resolveSibling(model.getFileName() + ".training.csv");
        try (InputStream in = store.cat(bounty.trainingCid())) {
            Files.copy(in, training, StandardCopyOption.REPLACE_EXISTING);
        }
        return train(training, new ClassList(bounty.metadata().classes()), model);
    }

    /** The model's predictions on {@code testInputs}, one class index per byte, run in the sandbox as the verifier runs it. */
    public static byte[] predict(Path model, Path testInputs, int featureCount, int classCount) throws Exception {
        ModelLimits limits = ModelLimits.defaults();
        byte[] onnx = Files.readAllBytes(model);
        int[] predicted = new InferenceSandbox(limits).predict(onnx, testInputs,
                new ModelInspector(limits).inspect(onnx, featureCount, classCount, null), classCount);
        byte[] predictions = new byte[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            predictions[i] = (byte) predicted[i];
        }
        return predictions;
    }
}
