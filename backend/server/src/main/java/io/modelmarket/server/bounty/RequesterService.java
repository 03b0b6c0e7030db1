package io.modelmarket.server.bounty;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.ModelCoin;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.DatasetSplitter;
import io.modelmarket.dataset.SplitOptions;
import io.modelmarket.dataset.SplitResult;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.protocol.Hex;
import io.modelmarket.server.chain.Deployment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Service;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The requester's side of a bounty, without ever holding a key: split the uploaded CSV, publish training
 * data, test inputs and metadata, commit to the labels, and return the transactions for the wallet plus the
 * reveal kit; later, turn the kit back into the reveal transaction.
 */
@Service
@ConditionalOnProperty(name = "modelmarket.chain.enabled", havingValue = "true", matchIfMissing = true)
public class RequesterService {
    private static final String NO_VERIFIER = "0x0000000000000000000000000000000000000000";

    private final ContentStore store;
    private final Web3j web3j;
    private final Deployment deployment;
    private final SecureRandom random = new SecureRandom();

    RequesterService(ContentStore store, Web3j web3j, Deployment deployment) {
        this.store = store;
        this.web3j = web3j;
        this.deployment = deployment;
    }

    /** Splits {@code csv}, publishes the three files, and prepares the bounty's transactions and reveal kit. */
    public PreparedBounty prepare(InputStream csv, String fileName, BountyForm form) throws Exception {
        form.validate();
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-bounty-")) {
            Path source = work.resolve(fileName == null || fileName.isBlank() ? "data.csv" : Path.of(fileName).getFileName().toString());
            Files.copy(csv, source);
            String labelColumn = form.labelColumn() == null || form.labelColumn().isBlank() ? SplitOptions.DEFAULT_LABEL_COLUMN : form.labelColumn();
            SplitOptions options = new SplitOptions(labelColumn, form.testFraction() == null ? 0.2 : form.testFraction(),
                    form.seed() == null ? random.nextLong() : form.seed(), !Boolean.FALSE.equals(form.stratified()), null);
            Path training = work.resolve("training.csv");
            Path testInputs = work.resolve("test-inputs.csv");
            SplitResult split;
            try (OutputStream trainingOut = Files.newOutputStream(training); OutputStream testOut = Files.newOutputStream(testInputs)) {
                split = DatasetSplitter.split(source, options, trainingOut, testOut);
            }
            BountyMetadata metadata = BountyMetadata.forSplit(form.title(), form.description(), form.license(), form.provenance(),
                    labelColumn, options, split);
            Cid trainingCid = publish(Files.newInputStream(training));
            Cid testInputsCid = publish(Files.newInputStream(testInputs));
            Cid metadataCid = publish(new ByteArrayInputStream(metadata.toJson()));

            BountyMarket market = readOnlyMarket(form.requester());
            BigInteger nonce = market.requesterNonce(form.requester()).send();
            Bytes32 bountyId = Commitments.bountyId(BigInteger.valueOf(deployment.chainId()), EthAddress.fromHex(deployment.bountyMarket()),
                    EthAddress.fromHex(form.requester()), nonce);
            Bytes32 salt = Bytes32.randomSalt();
            Bytes32 commitment = Commitments.groundTruth(bountyId, split.labels(), salt);
            String verifier = form.verifier() == null || form.verifier().isBlank() ? NO_VERIFIER : form.verifier();
            String create = market.createBounty(new BountyMarket.BountyParams(trainingCid.toString(), testInputsCid.toString(),
                            metadataCid.toString(), commitment.toByteArray(), form.reward(), form.trainerStake(),
                            BigInteger.valueOf(form.submissionDeadline()), BigInteger.valueOf(form.responseWindow()),
                            BigInteger.valueOf(split.testRows()), BigInteger.valueOf(split.classes().size()),
                            BigInteger.valueOf(form.maxSubmissions()), verifier, nonce))
                    .encodeFunctionCall();
            String approve = ModelCoin.load(deployment.modelCoin(), web3j, new ReadonlyTransactionManager(web3j, form.requester()), new DefaultGasProvider())
                    .approve(deployment.bountyMarket(), form.reward())
                    .encodeFunctionCall();
            RevealKit kit = new RevealKit(RevealKit.KIND, deployment.chainId(), deployment.bountyMarket().toLowerCase(), bountyId.toHex(),
                    form.requester().toLowerCase(), Hex.encode(split.labels()), salt.toHex(), commitment.toHex(),
                    split.testRows(), split.classes().size());
            return new PreparedBounty(bountyId.toHex(), trainingCid.toString(), testInputsCid.toString(), metadataCid.toString(), metadata,
                    UnsignedTransaction.call(deployment.modelCoin(), approve), UnsignedTransaction.call(deployment.bountyMarket(), create), kit);
        }
    }

    /** The {@code revealGroundTruth} transaction for a kit, after checking the kit against itself and the chain. */
    public UnsignedTransaction revealTransaction(RevealKit kit) throws Exception {
        if (!RevealKit.KIND.equals(kit.kind())) {
            throw new IllegalArgumentException("not a reveal kit (kind must be '" + RevealKit.KIND + "')");
        }
        if (kit.chainId() != deployment.chainId() || !kit.market().equalsIgnoreCase(deployment.bountyMarket())) {
            throw new IllegalArgumentException("the kit is for market " + kit.market() + " on chain " + kit.chainId()
                    + ", this server follows " + deployment.bountyMarket() + " on chain " + deployment.chainId());
        }
        Bytes32 bountyId = Bytes32.fromHex(kit.bountyId());
        byte[] labels = Hex.decode(kit.labels(), "labels");
        Bytes32 salt = Bytes32.fromHex(kit.salt());
        Bytes32 commitment = Commitments.groundTruth(bountyId, labels, salt);
        BountyMarket market = readOnlyMarket(kit.requester());
        byte[] onChain = market.getBounty(bountyId.toByteArray()).send().groundTruthCommitment;
        if (!java.util.Arrays.equals(onChain, commitment.toByteArray())) {
            throw new IllegalArgumentException("the kit's labels and salt do not open bounty " + kit.bountyId() + "'s commitment on chain");
        }
        return UnsignedTransaction.call(deployment.bountyMarket(),
                market.revealGroundTruth(bountyId.toByteArray(), labels, salt.toByteArray()).encodeFunctionCall());
    }

    private Cid publish(InputStream content) throws IOException {
        try (content) {
            Cid cid = store.add(content);
            store.pin(cid);
            return cid;
        }
    }

    private BountyMarket readOnlyMarket(String from) {
        return BountyMarket.load(deployment.bountyMarket(), web3j, new ReadonlyTransactionManager(web3j, from), new DefaultGasProvider());
    }
}
