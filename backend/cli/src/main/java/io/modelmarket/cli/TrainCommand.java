package io.modelmarket.cli;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.ClassList;
import io.modelmarket.dataset.Predictions;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.train.BaselineTrainer;
import io.modelmarket.verify.BountyModelVerifier;
import io.modelmarket.verify.ModelLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code modelmarket train baseline}: a Tribuo model for a bounty, exported as ONNX, with its predictions. */
@Command(name = "train", description = "Train models for a bounty.", mixinStandardHelpOptions = true,
        subcommands = TrainCommand.Baseline.class)
final class TrainCommand {

    @Command(name = "baseline", mixinStandardHelpOptions = true,
            description = {"Trains a baseline model for a bounty and predicts its test inputs.",
                    "Downloads a bounty's training data, trains a baseline (logistic regression or factorization machine),",
                    "exports it as ONNX, and predicts the test inputs with it exactly as a verifier will (in the sandbox).",
                    "Writes model.onnx and predictions.csv into --out, ready for 'modelmarket submit'."},
            footer = {"", "Example:", "  modelmarket train baseline --bounty 0x5c1e...9a --algorithm fm --epochs 10 --out work/fm"})
    static final class Baseline extends MarketCommand {
        @Mixin
        StoreOptions storeOptions;

        @Option(names = "--bounty", required = true, paramLabel = "BOUNTY_ID")
        String id;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for model.onnx and predictions.csv.")
        Path out;

        @Option(names = "--algorithm", defaultValue = "LOGISTIC_REGRESSION",
                description = "LOGISTIC_REGRESSION or FACTORIZATION_MACHINE (default: ${DEFAULT-VALUE}).")
        BaselineTrainer.Kind algorithm;

        @Option(names = "--epochs", defaultValue = "5", description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--learning-rate", defaultValue = "0.5", description = "AdaGrad's initial learning rate (default: ${DEFAULT-VALUE}).")
        double learningRate;

        @Option(names = "--seed", defaultValue = "1", description = "Training seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        int run(MarketConnection chain) throws Exception {
            Bytes32 bountyId = bountyId(id);
            BaselineTrainer.Options options = new BaselineTrainer.Options(algorithm, epochs, learningRate, seed);
            BountyFiles files = BountyFiles.of(bountyId, chain.events(bountyId));
            ContentStore store = storeOptions.open();
            BountyModelVerifier verifier = new BountyModelVerifier(store, ModelLimits.defaults());
            BountyMetadata metadata = verifier.metadata(files.metadataCid());
            ClassList classes = new ClassList(metadata.classes());
            Files.createDirectories(out);
            byte[] model;
            try (TemporaryFolder work = TemporaryFolder.create("modelmarket-train-")) {
                Path training = BountyFiles.download(store, files.trainingCid(), "training data", work.resolve("training.csv"));
                model = Progress.step("train " + algorithm.name().toLowerCase(), () ->
                        BaselineTrainer.train(training, metadata.labelColumn(), classes, options));
            }
            Path modelFile = out.resolve("model.onnx");
            Files.write(modelFile, model);
            int[] predicted = Progress.step("predict test inputs", () -> verifier.predict(metadata, files.testInputsCid(), model));
            Path predictionsFile = out.resolve("predictions.csv");
            Predictions.write(predictionsFile, predicted, classes);
            out().printf("model       %s (%s)%npredictions %s (%d rows)%n", modelFile, Progress.bytes(model.length), predictionsFile, predicted.length);
            return 0;
        }
    }
}
