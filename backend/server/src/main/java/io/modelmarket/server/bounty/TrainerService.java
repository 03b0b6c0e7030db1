package io.modelmarket.server.bounty;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.ModelCoin;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.ClassList;
import io.modelmarket.dataset.DatasetException;
import io.modelmarket.dataset.Predictions;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.kit.TrainerKit;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Hex;
import io.modelmarket.server.chain.ChainIndexRepository;
import io.modelmarket.chain.Deployment;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.BountyModelVerifier;
import io.modelmarket.verify.SandboxGate;
import io.modelmarket.verify.VerificationResult;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Service;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The trainer's side, without a key: check an upload of predictions and model before anything is committed
 * (so a trainer learns now whether its reveal would verify), publish the model, and return the commit
 * transactions and the trainer kit; later, the claim and reveal transactions from the kit.
 */
@Service
@ConditionalOnProperty(name = "modelmarket.chain.enabled", havingValue = "true", matchIfMissing = true)
public class TrainerService {
    private final ContentStore store;
    private final Web3j web3j;
    private final Deployment deployment;
    private final ChainIndexRepository index;
    private final BountyModelVerifier verifier;
    private final SandboxGate gate;
    private final long maxModelBytes;

    TrainerService(ContentStore store, Web3j web3j, Deployment deployment, ChainIndexRepository index, ModelLimits limits, SandboxGate gate) {
        this.store = store;
        this.web3j = web3j;
        this.deployment = deployment;
        this.index = index;
        this.verifier = new BountyModelVerifier(store, limits, gate);
        this.gate = gate;
        this.maxModelBytes = limits.maxModelBytes();
    }

    /**
     * Checks and prepares a submission from uploads already on disk ({@code predictionsFile}: CSV, or JSON when
     * its name ends in {@code .json}; {@code modelFile}: ONNX). The model is read into memory only inside the
     * sandbox gate, which bounds how many checks run at once.
     *
     * @throws SandboxGate.BusyException when the sandbox is busy (the caller answers 503 with a retry time)
     */
    public PreparedSubmission prepare(String bountyId, String trainer, Path predictionsFile, Path modelFile) throws Exception {
        if (trainer == null || !trainer.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("trainer must be an address (0x and 40 hex digits)");
        }
        if (Files.size(modelFile) > maxModelBytes) {
            throw new DatasetException("the model is larger than the " + (maxModelBytes >> 20) + " MiB limit");
        }
        ChainIndexRepository.Bounty bounty = index.bounty(bountyId).orElseThrow(() -> new DatasetException("no indexed bounty " + bountyId));
        if (bounty.cidProblem() != null) {
            throw new DatasetException("bounty " + bounty.id() + " takes no submissions here: " + bounty.cidProblem());
        }
        if (bounty.testSize() > Integer.MAX_VALUE) {
            throw new DatasetException("bounty " + bounty.id() + " has more test rows than this server checks");
        }
        BountyMetadata metadata = verifier.metadata(bounty.metadataCid());
        ClassList classes = new ClassList(metadata.classes());
        byte[] predictions = Predictions.read(predictionsFile, classes, (int) bounty.testSize());
        VerificationResult check;
        try (SandboxGate.Permit permit = gate.enter()) {
            check = verifier.verify(metadata, bounty.testInputsCid(), Files.readAllBytes(modelFile), predictions, null);
        }
        if (!check.reproduced()) {
            throw new DatasetException(check.whyNotReproduced("the uploaded ones"));
        }
        Cid modelCid;
        try (var in = Files.newInputStream(modelFile)) {
            modelCid = store.addAndPin(in);
        }

        TrainerKit kit = TrainerKit.create(deployment.chainId(), deployment.bountyMarket(), Bytes32.fromHex(bountyId), trainer,
                predictions, modelCid.toString());
        String commit = market(trainer).commit(kit.id().toByteArray(), Bytes32.fromHex(kit.predictionsCommitment()).toByteArray(),
                        Bytes32.fromHex(kit.modelCommitment()).toByteArray())
                .encodeFunctionCall();
        String approve = ModelCoin.load(deployment.modelCoin(), web3j, new ReadonlyTransactionManager(web3j, trainer), new DefaultGasProvider())
                .approve(deployment.bountyMarket(), bounty.trainerStake().value()).encodeFunctionCall();
        return new PreparedSubmission(modelCid.toString(), check.inspection(), UnsignedTransaction.call(deployment.modelCoin(), approve),
                UnsignedTransaction.call(deployment.bountyMarket(), commit), kit);
    }

    /** The claim for a kit, once the labels are revealed: the correct count and the ranking hint come with it. */
    public UnsignedTransaction claimTransaction(TrainerKit kit) throws Exception {
        kit.check(deployment.chainId(), deployment.bountyMarket());
        BigInteger correct = BigInteger.valueOf(kit.correctAgainst(revealedLabels(kit.bountyId())));
        BountyMarket market = market(kit.trainer());
        byte[] id = kit.id().toByteArray();
        String hint = market.claimHint(id, kit.trainer(), correct).send();
        return UnsignedTransaction.call(deployment.bountyMarket(), market.claimAccuracy(id, correct, hint).encodeFunctionCall());
    }

    /** The candidate's reveal for a kit: predictions, model and salts, with the revealed labels. */
    public UnsignedTransaction revealTransaction(TrainerKit kit) throws Exception {
        kit.check(deployment.chainId(), deployment.bountyMarket());
        byte[] labels = revealedLabels(kit.bountyId());
        return UnsignedTransaction.call(deployment.bountyMarket(), market(kit.trainer()).revealCandidate(
                        kit.id().toByteArray(), kit.predictionBytes(), Bytes32.fromHex(kit.predictionsSalt()).toByteArray(),
                        kit.modelCid(), Bytes32.fromHex(kit.modelSalt()).toByteArray(), labels)
                .encodeFunctionCall());
    }

    private byte[] revealedLabels(String bountyId) throws DatasetException {
        JsonNode reveal = index.latestEvent(bountyId, "GroundTruthRevealed")
                .orElseThrow(() -> new DatasetException("the labels of bounty " + bountyId + " are not revealed (or not indexed) yet"));
        return Hex.decode(reveal.get("labels").asText(), "labels");
    }

    private BountyMarket market(String from) {
        return BountyMarket.load(deployment.bountyMarket(), web3j, new ReadonlyTransactionManager(web3j, from), new DefaultGasProvider());
    }
}
