package io.modelmarket.server.testing;

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

/** What an honest trainer does off the server: trains the baseline model and predicts with it as a verifier will. */
public final class BaselineModels {
    private BaselineModels() {}

    /** Trains the baseline on {@code trainingCsv} (label column {@code label}) and writes the ONNX model to {@code model}. */
    public static Path train(Path trainingCsv, ClassList classes, Path model) throws IOException {
        return Files.write(model, BaselineTrainer.train(trainingCsv, "label", classes, BaselineTrainer.Options.defaults()));
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
