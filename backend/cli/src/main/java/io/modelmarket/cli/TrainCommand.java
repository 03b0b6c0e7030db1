package io.modelmarket.cli;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.train.BaselineTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code modelmarket train baseline}: a Tribuo model for a bounty, trained on its training data and exported as ONNX. */
@Command(name = "train", description = "Train models for a bounty.", mixinStandardHelpOptions = true,
        subcommands = TrainCommand.Baseline.class)
final class TrainCommand {

    @Command(name = "baseline", mixinStandardHelpOptions = true,
            description = {"Trains a baseline model for a bounty on its training data.",
                    "Downloads a bounty's training data, trains a baseline (logistic regression or factorization machine; for a "
                    + "regression bounty a linear regression) and "
                    + "exports it as ONNX into --out/model.onnx, ready for 'modelmarket commit'. The test inputs stay sealed until "
                    + "the key release; 'modelmarket predict' then runs the committed model on them."},
            footer = {"", "Example:", "  modelmarket train baseline --bounty 0x5c1e...9a \\",
                    "      --algorithm FACTORIZATION_MACHINE --epochs 10 --out work/fm"})
    static final class Baseline extends MarketCommand {
        @Mixin
        StoreOptions storeOptions;

        @Option(names = "--bounty", required = true, paramLabel = "BOUNTY_ID", converter = BountyIdConverter.class)
        Bytes32 bountyId;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for model.onnx.")
        Path out;

        @Option(names = "--algorithm", description = "Classification: LOGISTIC_REGRESSION (the default) or FACTORIZATION_MACHINE.")
        BaselineTrainer.Kind algorithm;

        @Option(names = "--epochs", defaultValue = "5", description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--learning-rate", defaultValue = "0.5", description = "AdaGrad's initial learning rate (default: ${DEFAULT-VALUE}).")
        double learningRate;

        @Option(names = "--seed", defaultValue = "1", description = "Training seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        int run(MarketConnection chain) throws Exception {
            BountyFiles files = BountyFiles.of(bountyId, chain.events(bountyId));
            ContentStore store = storeOptions.open();
            BountyMetadata metadata = files.metadata(store);
            if (metadata.isRegression() && algorithm != null) {
                throw new IllegalArgumentException("--algorithm is for classification: bounty " + bountyId.toHex() + " is a regression"
                        + " bounty, whose baseline is a linear regression (leave --algorithm out)");
            }
            BaselineTrainer.Kind kind = algorithm != null ? algorithm : BaselineTrainer.Kind.LOGISTIC_REGRESSION;
            BaselineTrainer.Options options = new BaselineTrainer.Options(kind, epochs, learningRate, seed);
            Files.createDirectories(out);
            byte[] model;
            try (TemporaryFolder work = TemporaryFolder.create("modelmarket-train-")) {
                Path training = BountyFiles.download(store, files.bounty().trainingCid(), "training data", work.resolve("training.csv"));
                model = Progress.step("train " + (metadata.isRegression() ? "linear regression" : kind.name().toLowerCase()), () ->
                        BaselineTrainer.train(training, metadata, options));
            }
            Path modelFile = out.resolve("model.onnx");
            Files.write(modelFile, model);
            out().printf("model %s (%s)%n", modelFile, Progress.bytes(model.length));
            return 0;
        }
    }
}
