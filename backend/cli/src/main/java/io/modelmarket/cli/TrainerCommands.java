package io.modelmarket.cli;

import io.modelmarket.chain.TransactionSender;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.ClassList;
import io.modelmarket.dataset.Predictions;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.UnixFsImporter;
import io.modelmarket.kit.Kits;
import io.modelmarket.kit.TrainerKit;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.FixedPoint;
import io.modelmarket.protocol.Scoring;
import io.modelmarket.verify.InferenceSandbox;
import io.modelmarket.verify.ModelInspector;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.ModelRejectedException;
import io.modelmarket.verify.SandboxedVerifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The trainer's steps, in order: commit a model (before the test inputs are seen), predict with it
 * once the key is released, commit the predictions, claim the score, reveal. Each reads and extends the trainer
 * kit, which is written before anything is sent.
 */
final class TrainerCommands {
    private TrainerCommands() {}

    @Command(name = "commit", mixinStandardHelpOptions = true,
            description = {"Commits to a model with the stake, and writes the trainer kit.",
                    "The model's CID is computed here and the model is NOT uploaded: it stays private until 'reveal'. Checks that "
                    + "the model can run on the bounty's inputs (as the verifier will) and that the chain would take the commitment, "
                    + "writes the trainer kit (model CID and salt), then commits with a permit for the stake, in one transaction. "
                    + "Committing again while Open replaces the model."},
            footer = {"", "Example:", "  modelmarket commit 0x5c1e...9a --model work/model.onnx --kit trainer-kit.json"})
    static final class Commit extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Mixin
        StoreOptions storeOptions;

        @Parameters(paramLabel = "BOUNTY_ID", converter = BountyIdConverter.class)
        Bytes32 bountyId;

        @Option(names = "--model", required = true, paramLabel = "ONNX", converter = FileErrors.Readable.class,
                description = "The model (ONNX, the convention of docs/protocol.md).")
        Path model;

        @Option(names = "--kit", paramLabel = "FILE", description = "Where to write the trainer kit (default: trainer-kit-<bounty id>-<trainer>.json).")
        Path kitFile;

        @Override
        void checkArguments() {
            requireNoKitAt(kitFile);
        }

        @Override
        int run(MarketConnection chain) throws Exception {
            Credentials credentials = keys.credentials();
            String trainer = credentials.getAddress();
            BountyMarket.Bounty bounty = chain.bounty(bountyId);
            chain.requirePhase(bountyId, "Open", "models are committed until the model deadline");
            boolean replacing = chain.submissionStatus(bountyId, trainer).equals("Committed");
            BigInteger stake = replacing ? BigInteger.ZERO : bounty.trainerStake;
            chain.requireTokens(trainer, stake, "the stake");
            byte[] modelBytes = Files.readAllBytes(model);
            BountyFiles files = BountyFiles.of(bountyId, chain.events(bountyId));
            BountyMetadata metadata = files.metadata(storeOptions.open());
            try {
                new ModelInspector(ModelLimits.defaults()).inspect(modelBytes, metadata);
            } catch (ModelRejectedException e) {
                throw new IllegalArgumentException(model + " cannot run on this bounty's inputs: " + e.getMessage(), e);
            }
            String modelCid = UnixFsImporter.cidOf(modelBytes).toString();

            TrainerKit kit = TrainerKit.create(chain.chainId, chain.marketAddress, bountyId, trainer, modelCid);
            Path kitPath = kitFile != null ? kitFile
                    : Path.of("trainer-kit-" + bountyId.toHex().substring(0, 12) + "-" + trainer.substring(0, 8).toLowerCase() + ".json");
            byte[] commitment = Bytes32.fromHex(kit.modelCommitment()).toByteArray();
            String commit;
            if (stake.signum() > 0) {
                Permit permit = Permit.sign(chain.token(), credentials, chain.marketAddress, stake, chain.now());
                commit = chain.market().commitModelWithPermit(bountyId.toByteArray(), commitment, permit.deadline(), permit.v(), permit.r(),
                        permit.s()).encodeFunctionCall();
            } else {
                commit = chain.market().commitModel(bountyId.toByteArray(), commitment).encodeFunctionCall();
            }
            TransactionSender sender = chain.sender(credentials);
            chain.requireWouldSucceed(sender, "commitModel", chain.marketAddress, commit); // before the kit: a refusal leaves none
            Kits.write(kitPath, kit);
            chain.send(sender, replacing ? "commitModel (replacing)" : "commitModel with stake", chain.marketAddress, commit, out());
            out().printf("  model %s (not uploaded: 'reveal' uploads it)%n  trainer kit: %s (keep it, and the model file: every later step needs them)%n",
                    modelCid, kitPath);
            return 0;
        }
    }

    /** Reads the kit, checks it against itself and the market, and checks that the signing key is its trainer's. */
    abstract static class KitCommand extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Option(names = "--kit", required = true, paramLabel = "FILE", converter = FileErrors.Readable.class, description = "The trainer kit written by 'commit'.")
        Path kitFile;

        TrainerKit kit;
        Credentials credentials;

        @Override
        final void checkArguments() throws IOException {
            kit = KitFiles.read(kitFile, TrainerKit.class, spec.qualifiedName());
        }

        @Override
        final int run(MarketConnection chain) throws Exception {
            kit.check(chain.chainId, chain.marketAddress);
            credentials = keys.credentials();
            if (!credentials.getAddress().equalsIgnoreCase(kit.trainer())) {
                throw new IllegalArgumentException(kitFile + " belongs to trainer " + kit.trainer() + ", but the key is "
                        + credentials.getAddress() + "'s");
            }
            chain.bounty(kit.id());
            return runWithKit(chain);
        }

        abstract int runWithKit(MarketConnection chain) throws Exception;

        /** Fails, saying what the submission's status means and what comes next, unless it is {@code expected}. */
        void requireStatus(MarketConnection chain, String expected) throws Exception {
            String status = chain.submissionStatus(kit.id(), kit.trainer());
            if (!status.equals(expected)) {
                throw new IllegalStateException(Refusals.submissionStatus(expected, status)
                        + chain.phaseEnd(kit.id(), chain.phase(kit.id())).map(end -> "; " + end).orElse(""));
            }
        }
    }

    /** A step that needs the committed model's file besides the kit (and the content store). */
    abstract static class ModelKitCommand extends KitCommand {
        @Mixin
        StoreOptions storeOptions;

        @Option(names = "--model", required = true, paramLabel = "ONNX", converter = FileErrors.Readable.class, description = "The committed model.")
        Path model;

        /** The bytes of {@code --model}, which must be the model the kit commits to. */
        byte[] committedModel() throws IOException {
            byte[] bytes = Files.readAllBytes(model);
            String cid = UnixFsImporter.cidOf(bytes).toString();
            if (!cid.equals(kit.modelCid())) {
                throw new IllegalArgumentException("the model does not match its commitment: " + model + " is " + cid + ", the kit commits to "
                        + kit.modelCid());
            }
            return bytes;
        }
    }

    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = {"Runs the committed model on the released test inputs and writes its predictions into the kit.",
                    "After the key release: downloads the sealed test inputs, opens them with the released key, checks them against "
                    + "the metadata, runs the model (which must be the committed one) in the sandbox as the verifier will, checks "
                    + "that every output is a class of the bounty (regression: a finite number, made fixed-point at the bounty's "
                    + "decimals), and adds the predictions to the trainer kit."},
            footer = {"", "Example:", "  modelmarket predict --kit trainer-kit.json --model work/model.onnx \\", "      --out predictions.csv"})
    static final class Predict extends ModelKitCommand {
        @Option(names = "--out", paramLabel = "FILE", description = "Also write the predictions as a CSV: one class name, or (regression) one"
                + " number in the target's unit, per test row ('commit-predictions --predictions' reads it).")
        Path predictionsOut;
        @Override
        int runWithKit(MarketConnection chain) throws Exception {
            chain.requirePhase(kit.id(), "Predicting", "predictions are made once the requester has released the key");
            if (kit.predictionsCommitment() != null) {
                throw new IllegalStateException(kitFile + " holds committed predictions already; they cannot change (next: 'claim --kit "
                        + kitFile + "' once the requester has revealed the labels)");
            }
            byte[] modelBytes = committedModel();
            ContentStore store = storeOptions.open();
            BountyFiles files = BountyFiles.of(kit.id(), chain.events(kit.id()));
            BountyMetadata metadata = files.metadata(store);
            int[] predicted;
            try (TemporaryFolder work = TemporaryFolder.create("modelmarket-predict-")) {
                Path inputs = Progress.step("open test inputs", () -> files.openTestInputs(store, metadata, work.resolve(BountyFiles.TEST_INPUTS_FILE)));
                predicted = Progress.step("predict (sandbox)", () -> new SandboxedVerifier(ModelLimits.defaults()).predict(modelBytes, inputs, metadata));
            } catch (InferenceSandbox.InferenceFailedException | ModelRejectedException e) {
                throw new IllegalArgumentException("the model's predictions cannot be committed: " + e.getMessage().replaceFirst("^failed: ", ""), e);
            }
            Kits.replace(kitFile, kit.withPredictions(encode(predicted, metadata)));
            if (predictionsOut != null) {
                if (metadata.isRegression()) {
                    Predictions.writeTargets(predictionsOut, predicted, metadata.targetDecimals());
                } else {
                    Predictions.write(predictionsOut, predicted, new ClassList(metadata.classes()));
                }
            }
            out().printf("predicted %d test rows; the predictions are in %s%s (next: commit-predictions)%n", predicted.length, kitFile,
                    predictionsOut != null ? " and " + predictionsOut : "");
            return 0;
        }

        /** The predictions as the commitment hashes them: one class index per byte, or 4-byte fixed-point values. */
        private static byte[] encode(int[] predicted, BountyMetadata metadata) {
            if (metadata.isRegression()) {
                return FixedPoint.encode(predicted);
            }
            byte[] predictions = new byte[predicted.length];
            for (int i = 0; i < predicted.length; i++) {
                predictions[i] = (byte) predicted[i]; // the sandbox has checked that each is below the class count (<= 256)
            }
            return predictions;
        }
    }

    @Command(name = "commit-predictions", mixinStandardHelpOptions = true,
            description = {"Commits to the predictions in the trainer kit (made by 'predict'), while Predicting.",
                    "Checks that the chain would take the commitment, adds the predictions' salt and commitment to the kit, then "
                    + "sends the commitment."},
            footer = {"", "Example:", "  modelmarket commit-predictions --kit trainer-kit.json"})
    static final class CommitPredictions extends KitCommand {
        @Mixin
        StoreOptions storeOptions;

        @Option(names = "--predictions", paramLabel = "FILE", converter = FileErrors.Readable.class,
                description = "Commit these predictions (CSV with one column, or a JSON array; class names or indices, or numbers in the"
                        + " target's unit) instead of the model's. The verifier re-runs the committed model: predictions it does not make are"
                        + " rejected and the stake burned.")
        Path predictionsFile;

        @Override
        int runWithKit(MarketConnection chain) throws Exception {
            chain.requirePhase(kit.id(), "Predicting", "predictions are committed within one window of the key release");
            requireStatus(chain, "Committed");
            TrainerKit next = kit;
            if (predictionsFile != null) {
                if (kit.predictionsCommitment() != null) {
                    throw new IllegalStateException(kitFile + " holds committed predictions already; they cannot change");
                }
                BountyFiles files = BountyFiles.of(kit.id(), chain.events(kit.id()));
                BountyMetadata metadata = files.metadata(storeOptions.open());
                next = kit.withPredictions(metadata.isRegression()
                        ? Predictions.readTargets(predictionsFile, metadata.targetDecimals(), metadata.testSize())
                        : Predictions.read(predictionsFile, new ClassList(metadata.classes()), metadata.testSize()));
                spec.commandLine().getErr().println("warning: committing " + predictionsFile + ", not the predictions 'predict' made with the"
                        + " committed model: the verifier rejects predictions the model does not reproduce, and the stake is burned");
            }
            next = next.withPredictionsCommitment();
            String commit = chain.market().commitPredictions(kit.id().toByteArray(), Bytes32.fromHex(next.predictionsCommitment()).toByteArray())
                    .encodeFunctionCall();
            TransactionSender sender = chain.sender(credentials);
            chain.requireWouldSucceed(sender, "commitPredictions", chain.marketAddress, commit); // before the kit changes
            Kits.replace(kitFile, next);
            chain.send(sender, "commitPredictions", chain.marketAddress, commit, out());
            out().printf("predictions committed (next: 'claim --kit %s' once the requester has revealed the labels, after Predicting)%n", kitFile);
            return 0;
        }
    }

    @Command(name = "claim", mixinStandardHelpOptions = true,
            description = {"Claims the score of the kit's predictions against the revealed labels, while Claiming.",
                    "A claim of at least the bounty's min score makes a contender, which may reveal; the best claim must."},
            footer = {"", "Example:", "  modelmarket claim --kit trainer-kit.json"})
    static final class Claim extends KitCommand {
        @Option(names = "--score", paramLabel = "N",
                description = "Claim N instead of the true score (a contender's reveal of a wrong claim is slashed; for tests and demos).")
        Long override;

        @Override
        int runWithKit(MarketConnection chain) throws Exception {
            chain.requirePhase(kit.id(), "Claiming", "scores are claimed within one window of the labels' reveal");
            BountyMarket.Submission submission = chain.market().getSubmission(kit.id().toByteArray(), kit.trainer()).send();
            BountyMarket.Bounty bounty = chain.bounty(kit.id());
            Scoring.Metric metric = Scoring.Metric.ofIndex(bounty.metric.intValueExact());
            long maxScore = Scoring.maxScore(metric, bounty.maxError.longValueExact(), bounty.testSize.intValueExact());
            if (MarketEnums.submissionStatus(submission.status.intValue()).equals("Claimed")) {
                throw new IllegalStateException("already claimed " + submission.claimed + " of " + maxScore + "; "
                        + (submission.claimed.compareTo(bounty.minScore) >= 0
                                ? "next: 'reveal --kit " + kitFile + " --model …' while Revealing, after " + chain.phaseEnd(kit.id(), "Claiming").orElseThrow()
                                : "below the min score " + bounty.minScore + ": nothing to reveal, the stake comes back when the bounty ends"));
            }
            requireStatus(chain, "Predicted");
            byte[] labels = BountyFiles.of(kit.id(), chain.events(kit.id())).requireLabels();
            kit.requirePredictionsCommitment();
            long scored = kit.scoreAgainst(labels, metric, bounty.maxError.longValueExact());
            long score = override != null ? override : scored;
            if (score != scored) {
                spec.commandLine().getErr().printf("warning: claiming %d while the kit's predictions score %d: a reveal will be slashed%n",
                        score, scored);
            }
            chain.send(chain.sender(credentials), "claimScore " + score + "/" + maxScore, chain.marketAddress,
                    chain.market().claimScore(kit.id().toByteArray(), BigInteger.valueOf(score)).encodeFunctionCall(), out());
            long minScore = bounty.minScore.longValue();
            out().printf("claimed %d of %d; %s%n", score, maxScore, score >= minScore
                    ? "a contender (min score " + minScore + "): reveal in the next window ('reveal --kit " + kitFile + " --model …')"
                    : "below the min score " + minScore + ": nothing to reveal, the stake comes back when the bounty ends");
            return 0;
        }
    }

    @Command(name = "reveal", mixinStandardHelpOptions = true,
            description = {"Reveals the committed model and its predictions, then uploads the model, while Revealing.",
                    "Checks that the chain would take the reveal before anything leaves this machine; once the reveal is mined, "
                    + "uploads the model for the verifier (run the command again if the upload failed). The contract rescores the "
                    + "predictions; the bounty's verifier then re-runs the model."},
            footer = {"", "Example:", "  modelmarket reveal --kit trainer-kit.json --model work/model.onnx"})
    static final class Reveal extends ModelKitCommand {
        @Override
        int runWithKit(MarketConnection chain) throws Exception {
            kit.requirePredictionsCommitment();
            byte[] modelBytes = committedModel();
            String status = chain.submissionStatus(kit.id(), kit.trainer());
            if (!status.equals("Revealed")) { // a reveal mined before needs its upload only (the command run again after it failed)
                chain.requirePhase(kit.id(), "Revealing", "contenders reveal in the window after Claiming");
                BountyMarket.Submission submission = chain.market().getSubmission(kit.id().toByteArray(), kit.trainer()).send();
                byte[] labels = BountyFiles.of(kit.id(), chain.events(kit.id())).requireLabels();
                String hint = chain.market().rankHint(kit.id().toByteArray(), kit.trainer(), submission.claimed).send();
                // send() checks that the chain would take the reveal: nothing leaves this machine before it is mined.
                chain.send(chain.sender(credentials), "revealSubmission", chain.marketAddress, chain.market().revealSubmission(
                        kit.id().toByteArray(), kit.requirePredictions(), Bytes32.fromHex(kit.predictionsSalt()).toByteArray(), kit.modelCid(),
                        Bytes32.fromHex(kit.modelSalt()).toByteArray(), labels, hint).encodeFunctionCall(), out());
                status = chain.submissionStatus(kit.id(), kit.trainer());
                if (!status.equals("Revealed")) {
                    out().printf("submission is now %s: the revealed predictions do not score the claim, the stake is burned;"
                            + " the model is not uploaded%n", status);
                    return 0;
                }
            }
            Cid uploaded = Progress.step("upload model", () -> storeOptions.open().addAndPin(new ByteArrayInputStream(modelBytes)));
            if (!uploaded.toString().equals(kit.modelCid())) {
                throw new IllegalStateException("the content store gave the model the CID " + uploaded + ", not " + kit.modelCid());
            }
            out().printf("  model %s uploaded%nsubmission is now %s%n", kit.modelCid(), status);
            return 0;
        }
    }
}
