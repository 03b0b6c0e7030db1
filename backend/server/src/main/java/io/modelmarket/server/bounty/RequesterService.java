package io.modelmarket.server.bounty;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.ModelCoin;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.dataset.DatasetPublisher;
import io.modelmarket.dataset.DatasetPublisher.PublishedDataset;
import io.modelmarket.dataset.SplitOptions;
import io.modelmarket.kit.RevealKit;
import io.modelmarket.dataset.SplitResult;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.chain.Deployment;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Service;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The requester's side of a bounty, without ever holding a key: split the uploaded CSV, publish training
 * data, test inputs and metadata, commit to the labels, and return the transactions for the wallet plus the
 * reveal kit (kept by the server only where the operator enabled it, see {@link RevealKitVault}); later, turn
 * the kit back into the reveal transaction.
 */
@Service
@ConditionalOnProperty(name = "modelmarket.chain.enabled", havingValue = "true", matchIfMissing = true)
public class RequesterService {
    private static final String NO_VERIFIER = "0x0000000000000000000000000000000000000000";

    private final DatasetPublisher publisher;
    private final RevealKitVault vault;
    private final Web3j web3j;
    private final Deployment deployment;

    RequesterService(ContentStore store, RevealKitVault vault, Web3j web3j, Deployment deployment) {
        this.publisher = new DatasetPublisher(store);
        this.vault = vault;
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
            // The ground-truth salt is also the split's secret (docs/protocol.md, decision 21): one salt, in the kit.
            Bytes32 salt = Bytes32.randomSalt();
            SplitOptions options = new SplitOptions(labelColumn, form.testFraction() == null ? 0.2 : form.testFraction(), salt,
                    !Boolean.FALSE.equals(form.stratified()), null);
            PublishedDataset published = publisher.publish(source, options,
                    new DatasetPublisher.Description(form.title(), form.description(), form.license(), form.provenance()));
            SplitResult split = published.split();

            BountyMarket market = readOnlyMarket(form.requester());
            BigInteger nonce = market.requesterNonce(form.requester()).send();
            Bytes32 bountyId = Commitments.bountyId(BigInteger.valueOf(deployment.chainId()), EthAddress.fromHex(deployment.bountyMarket()),
                    EthAddress.fromHex(form.requester()), nonce);
            RevealKit kit = RevealKit.create(deployment.chainId(), deployment.bountyMarket(), bountyId, form.requester(), split.labels(),
                    salt, split.classes().size());
            String verifier = form.verifier() == null || form.verifier().isBlank() ? NO_VERIFIER : form.verifier();
            String create = market.createBounty(new BountyMarket.BountyParams(published.trainingCid().toString(),
                            published.testInputsCid().toString(), published.metadataCid().toString(),
                            Bytes32.fromHex(kit.groundTruthCommitment()).toByteArray(), form.reward().value(), form.trainerStake().value(),
                            BigInteger.valueOf(form.submissionDeadline()), BigInteger.valueOf(form.responseWindow()),
                            BigInteger.valueOf(split.testRows()), BigInteger.valueOf(split.classes().size()),
                            BigInteger.valueOf(form.maxSubmissions()), verifier, nonce))
                    .encodeFunctionCall();
            String approve = ModelCoin.load(deployment.modelCoin(), web3j, new ReadonlyTransactionManager(web3j, form.requester()), new DefaultGasProvider())
                    .approve(deployment.bountyMarket(), form.reward().value())
                    .encodeFunctionCall();
            vault.keep(kit);
            return new PreparedBounty(bountyId.toHex(), published.trainingCid().toString(), published.testInputsCid().toString(),
                    published.metadataCid().toString(), published.metadata(),
                    UnsignedTransaction.call(deployment.modelCoin(), approve), UnsignedTransaction.call(deployment.bountyMarket(), create), kit);
        }
    }

    /** The {@code revealGroundTruth} transaction for a kit, after checking the kit against itself and the chain. */
    public UnsignedTransaction revealTransaction(RevealKit kit) throws Exception {
        kit.check(deployment.chainId(), deployment.bountyMarket());
        BountyMarket market = readOnlyMarket(kit.requester());
        byte[] onChain = market.getBounty(kit.id().toByteArray()).send().groundTruthCommitment;
        if (!Bytes32.of(onChain).toHex().equalsIgnoreCase(kit.groundTruthCommitment())) {
            throw new IllegalArgumentException("the kit's labels and salt do not open bounty " + kit.bountyId() + "'s commitment on chain");
        }
        return UnsignedTransaction.call(deployment.bountyMarket(),
                market.revealGroundTruth(kit.id().toByteArray(), kit.labelBytes(), kit.saltBytes().toByteArray()).encodeFunctionCall());
    }

    private BountyMarket readOnlyMarket(String from) {
        return BountyMarket.load(deployment.bountyMarket(), web3j, new ReadonlyTransactionManager(web3j, from), new DefaultGasProvider());
    }
}
