package io.modelmarket.server.bounty;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.ModelCoin;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.ClassList;
import io.modelmarket.dataset.DatasetException;
import io.modelmarket.dataset.Predictions;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.protocol.Hex;
import io.modelmarket.server.chain.ChainEvents;
import io.modelmarket.server.chain.Deployment;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.SandboxedVerifier;
import io.modelmarket.verify.VerificationResult;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
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
    private final JdbcClient db;
    private final ChainEvents events;
    private final SandboxedVerifier verifier;

    TrainerService(ContentStore store, Web3j web3j, Deployment deployment, JdbcClient db, ChainEvents events, ModelLimits limits) {
        this.store = store;
        this.web3j = web3j;
        this.deployment = deployment;
        this.db = db;
        this.events = events;
        this.verifier = new SandboxedVerifier(limits);
    }

    private record IndexedBounty(String metadataCid, String testInputsCid, int testSize, BigInteger trainerStake) {}

    public PreparedSubmission prepare(String bountyId, String trainer, InputStream predictionsUpload, String predictionsName, byte[] model)
            throws Exception {
        if (trainer == null || !trainer.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("trainer must be an address (0x and 40 hex digits)");
        }
        IndexedBounty bounty = indexedBounty(bountyId);
        BountyMetadata metadata;
        try (InputStream json = store.cat(Cid.parse(bounty.metadataCid()))) {
            metadata = BountyMetadata.parse(json);
        }
        ClassList classes = new ClassList(metadata.classes());
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-submission-")) {
            Path predictionsFile = work.resolve(predictionsName != null && predictionsName.endsWith(".json") ? "predictions.json" : "predictions.csv");
            Files.copy(predictionsUpload, predictionsFile);
            byte[] predictions = Predictions.read(predictionsFile, classes, bounty.testSize());
            Path testInputs = work.resolve("test-inputs.csv");
            try (InputStream in = store.cat(Cid.parse(bounty.testInputsCid()))) {
                Files.copy(in, testInputs);
            }
            VerificationResult check = verifier.verify(model, testInputs, metadata.features().size(), classes.size(),
                    metadata.onnx().outputName(), predictions, null, 1.0);
            if (!check.reproduced()) {
                throw new DatasetException(check.status() == VerificationResult.Status.FAILED
                        ? "the model cannot be verified: " + check.failure()
                        : "the model's own predictions differ from the uploaded ones on " + (check.rows() - check.rowsMatched())
                                + " rows (first: " + check.mismatchingRows() + "); a reveal would not verify");
            }
            Cid modelCid = store.add(new ByteArrayInputStream(model));
            store.pin(modelCid);

            Bytes32 id = Bytes32.fromHex(bountyId);
            EthAddress trainerAddress = EthAddress.fromHex(trainer);
            Bytes32 predictionsSalt = Bytes32.randomSalt();
            Bytes32 modelSalt = Bytes32.randomSalt();
            Bytes32 predictionsCommitment = Commitments.predictions(id, trainerAddress, predictions, predictionsSalt);
            Bytes32 modelCommitment = Commitments.model(id, trainerAddress, modelCid.toString(), modelSalt);
            String commit = market(trainer).commit(id.toByteArray(), predictionsCommitment.toByteArray(), modelCommitment.toByteArray())
                    .encodeFunctionCall();
            String approve = ModelCoin.load(deployment.modelCoin(), web3j, new ReadonlyTransactionManager(web3j, trainer), new DefaultGasProvider())
                    .approve(deployment.bountyMarket(), bounty.trainerStake()).encodeFunctionCall();
            TrainerKit kit = new TrainerKit(TrainerKit.KIND, deployment.chainId(), deployment.bountyMarket().toLowerCase(), id.toHex(),
                    trainer.toLowerCase(), Hex.encode(predictions), predictionsSalt.toHex(), modelCid.toString(), modelSalt.toHex(),
                    predictionsCommitment.toHex(), modelCommitment.toHex());
            return new PreparedSubmission(modelCid.toString(), check.inspection(), UnsignedTransaction.call(deployment.modelCoin(), approve),
                    UnsignedTransaction.call(deployment.bountyMarket(), commit), kit);
        }
    }

    /** The claim for a kit, once the labels are revealed: the correct count and the ranking hint come with it. */
    public UnsignedTransaction claimTransaction(TrainerKit kit) throws Exception {
        checkKit(kit);
        byte[] labels = revealedLabels(kit.bountyId());
        byte[] predictions = Hex.decode(kit.predictions(), "predictions");
        int correct = 0;
        for (int i = 0; i < Math.min(labels.length, predictions.length); i++) {
            correct += labels[i] == predictions[i] ? 1 : 0;
        }
        BountyMarket market = market(kit.trainer());
        byte[] id = Bytes32.fromHex(kit.bountyId()).toByteArray();
        String hint = market.claimHint(id, kit.trainer(), BigInteger.valueOf(correct)).send();
        return UnsignedTransaction.call(deployment.bountyMarket(), market.claimAccuracy(id, BigInteger.valueOf(correct), hint).encodeFunctionCall());
    }

    /** The candidate's reveal for a kit: predictions, model and salts, with the revealed labels. */
    public UnsignedTransaction revealTransaction(TrainerKit kit) throws Exception {
        checkKit(kit);
        byte[] labels = revealedLabels(kit.bountyId());
        return UnsignedTransaction.call(deployment.bountyMarket(), market(kit.trainer()).revealCandidate(
                        Bytes32.fromHex(kit.bountyId()).toByteArray(), Hex.decode(kit.predictions(), "predictions"), Bytes32.fromHex(kit.predictionsSalt()).toByteArray(),
                        kit.modelCid(), Bytes32.fromHex(kit.modelSalt()).toByteArray(), labels)
                .encodeFunctionCall());
    }

    private void checkKit(TrainerKit kit) {
        if (!TrainerKit.KIND.equals(kit.kind())) {
            throw new IllegalArgumentException("not a trainer kit (kind must be '" + TrainerKit.KIND + "')");
        }
        if (kit.chainId() != deployment.chainId() || !kit.market().equalsIgnoreCase(deployment.bountyMarket())) {
            throw new IllegalArgumentException("the kit is for market " + kit.market() + " on chain " + kit.chainId());
        }
        Bytes32 id = Bytes32.fromHex(kit.bountyId());
        EthAddress trainer = EthAddress.fromHex(kit.trainer());
        if (!Commitments.predictions(id, trainer, Hex.decode(kit.predictions(), "predictions"), Bytes32.fromHex(kit.predictionsSalt())).toHex().equals(kit.predictionsCommitment())
                || !Commitments.model(id, trainer, kit.modelCid(), Bytes32.fromHex(kit.modelSalt())).toHex().equals(kit.modelCommitment())) {
            throw new IllegalArgumentException("the kit's predictions, model CID and salts do not match its commitments");
        }
    }

    private byte[] revealedLabels(String bountyId) throws DatasetException {
        JsonNode reveal = events.latest(bountyId, "GroundTruthRevealed")
                .orElseThrow(() -> new DatasetException("the labels of bounty " + bountyId + " are not revealed (or not indexed) yet"));
        return Hex.decode(reveal.get("labels").asText(), "labels");
    }

    private IndexedBounty indexedBounty(String bountyId) throws DatasetException {
        return db.sql("SELECT metadata_cid, test_inputs_cid, test_size, trainer_stake FROM bounty WHERE id = ?")
                .param(bountyId.toLowerCase())
                .query((row, n) -> new IndexedBounty(row.getString(1), row.getString(2), row.getInt(3), row.getBigDecimal(4).toBigInteger()))
                .optional()
                .orElseThrow(() -> new DatasetException("no indexed bounty " + bountyId));
    }

    private BountyMarket market(String from) {
        return BountyMarket.load(deployment.bountyMarket(), web3j, new ReadonlyTransactionManager(web3j, from), new DefaultGasProvider());
    }
}
