package io.modelmarket.cli;

import io.modelmarket.chain.TransactionSender;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.ClassList;
import io.modelmarket.dataset.Predictions;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.kit.Kits;
import io.modelmarket.kit.TrainerKit;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.verify.BountyModelVerifier;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.VerificationResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelmarket submit}: commit to predictions and a model, with the stake. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Commits to predictions and a model with the stake, and writes the trainer kit.",
                "Checks first that the model reproduces the predictions on the bounty's test inputs (as the verifier will),",
                "publishes the model, commits to predictions and model with the stake, and writes the trainer kit",
                "(predictions, model CID and salts) that 'claim' and 'reveal' need. The kit is written before anything is sent."},
        footer = {"", "Example:", "  modelmarket submit 0x5c1e...9a --model work/fm/model.onnx --predictions work/fm/predictions.csv --kit fm-kit.json"})
final class SubmitCommand extends MarketCommand {
    @Mixin
    KeyOptions keys;

    @Mixin
    StoreOptions storeOptions;

    @Parameters(paramLabel = "BOUNTY_ID")
    String id;

    @Option(names = "--model", required = true, paramLabel = "ONNX", converter = FileErrors.Readable.class, description = "The model (ONNX, the convention of docs/protocol.md).")
    Path model;

    @Option(names = "--predictions", required = true, paramLabel = "FILE", converter = FileErrors.Readable.class,
            description = "One prediction per test row: CSV with one column, or a JSON array (class names or indices).")
    Path predictionsFile;

    @Option(names = "--kit", paramLabel = "FILE", description = "Where to write the trainer kit (default: trainer-kit-<bounty id>-<trainer>.json).")
    Path kitFile;

    @Option(names = "--no-check", description = "Commit without checking that the model reproduces the predictions (a reveal that does not verify is slashed).")
    boolean noCheck;

    @Override
    int run(MarketConnection chain) throws Exception {
        Bytes32 bountyId = bountyId(id);
        Credentials credentials = keys.credentials();
        String trainer = credentials.getAddress();
        BountyMarket.Bounty bounty = chain.bounty(bountyId);
        String phase = chain.phase(bountyId);
        if (!phase.equals("Open")) {
            throw new IllegalStateException("bounty " + bountyId.toHex() + " is " + phase + "; submissions are taken while it is Open");
        }
        chain.requireTokens(trainer, bounty.trainerStake, "the stake");
        ContentStore store = storeOptions.open();
        BountyModelVerifier verifier = new BountyModelVerifier(store, ModelLimits.defaults());
        BountyFiles files = BountyFiles.of(bountyId, chain.events(bountyId));
        BountyMetadata metadata = verifier.metadata(files.metadataCid());
        byte[] predictions = Predictions.read(predictionsFile, new ClassList(metadata.classes()), bounty.testSize.intValueExact());
        byte[] modelBytes = Files.readAllBytes(model);
        if (noCheck) {
            spec.commandLine().getErr().println("warning: --no-check: the model is not compared with the predictions");
        } else {
            VerificationResult check = Progress.step("check model (sandbox)", () -> verifier.verify(metadata, files.testInputsCid(), modelBytes, predictions, null));
            if (!check.reproduced()) {
                throw new IllegalArgumentException(check.whyNotReproduced(predictionsFile.toString()));
            }
        }
        Cid modelCid;
        try (InputStream in = Progress.transfer("upload model", Files.newInputStream(model), modelBytes.length)) {
            modelCid = store.addAndPin(in);
        }

        TrainerKit kit = TrainerKit.create(chain.chainId, chain.marketAddress, bountyId, trainer, predictions, modelCid.toString());
        Path kitPath = kitFile != null ? kitFile
                : Path.of("trainer-kit-" + bountyId.toHex().substring(0, 12) + "-" + trainer.substring(0, 8).toLowerCase() + ".json");
        Kits.write(kitPath, kit);
        TransactionSender sender = chain.sender(credentials);
        if (bounty.trainerStake.signum() > 0) {
            chain.send(sender, "approve stake", chain.token().getContractAddress(),
                    chain.token().approve(chain.marketAddress, bounty.trainerStake).encodeFunctionCall(), out());
        }
        chain.send(sender, "commit", chain.marketAddress, chain.market().commit(bountyId.toByteArray(),
                Bytes32.fromHex(kit.predictionsCommitment()).toByteArray(), Bytes32.fromHex(kit.modelCommitment()).toByteArray())
                .encodeFunctionCall(), out());
        out().printf("  model %s%n  trainer kit: %s (keep it: you need it to claim and reveal)%n", modelCid, kitPath);
        return 0;
    }
}
