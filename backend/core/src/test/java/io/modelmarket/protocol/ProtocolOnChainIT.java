package io.modelmarket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.ModelCoin;
import io.modelmarket.contracts.testing.HardhatAccounts;
import io.modelmarket.contracts.testing.EvmNode;
import io.modelmarket.contracts.testing.EvmNodeExtension;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.DatasetSplitter;
import io.modelmarket.dataset.SplitOptions;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.dataset.SplitResult;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.LocalContentStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * Java and Solidity agree byte for byte: a whole bounty on a development node whose every label vector,
 * commitment, bounty id and CID was computed by this library ends with a paid winner.
 */
@ExtendWith(EvmNodeExtension.class)
class ProtocolOnChainIT {
    private static final BigInteger MDC = BigInteger.TEN.pow(18);
    private static final long CHAIN_ID = 31337;
    private static final DefaultGasProvider GAS = new DefaultGasProvider();

    @TempDir
    Path folder;

    @Test
    void aBountyPreparedInJavaSettlesOnChain(EvmNode node) throws Exception {
        Web3j web3j = Web3j.build(new HttpService(node.rpcUrl()));
        Credentials deployer = HardhatAccounts.account(0);
        Credentials requester = HardhatAccounts.account(1);
        Credentials best = HardhatAccounts.account(2);
        Credentials other = HardhatAccounts.account(3);
        ModelCoin coin = ModelCoin.deploy(web3j, manager(web3j, deployer), GAS, deployer.getAddress(), BigInteger.ZERO).send();
        String marketAddress = BountyMarket.deploy(web3j, manager(web3j, deployer), GAS, coin.getContractAddress()).send().getContractAddress();
        for (Credentials account : new Credentials[] {requester, best, other}) {
            coin.mint(account.getAddress(), MDC.multiply(BigInteger.valueOf(1000))).send();
            ModelCoin.load(coin.getContractAddress(), web3j, manager(web3j, account), GAS).approve(marketAddress, MDC.multiply(BigInteger.valueOf(1000))).send();
        }

        // The requester splits a CSV and publishes training data, test inputs and metadata.
        Path csv = folder.resolve("iris-like.csv");
        StringBuilder rows = new StringBuilder("sepal,petal,label\n");
        for (int i = 0; i < 120; i++) {
            rows.append(i % 7).append('.').append(i % 10).append(',').append(i % 5).append(",species").append(i % 3).append('\n');
        }
        Files.writeString(csv, rows);
        Bytes32 labelsSalt = Bytes32.randomSalt(); // the split's secret comes from the ground-truth salt
        SplitOptions options = new SplitOptions("label", 0.25, labelsSalt, true, null);
        ByteArrayOutputStream training = new ByteArrayOutputStream();
        ByteArrayOutputStream testInputs = new ByteArrayOutputStream();
        SplitResult split = DatasetSplitter.split(csv, options, training, testInputs);
        byte[] labels = split.labels();
        LocalContentStore store = new LocalContentStore(folder.resolve("ipfs"));
        Cid trainingCid = store.add(new ByteArrayInputStream(training.toByteArray()));
        Cid testInputsCid = store.add(new ByteArrayInputStream(testInputs.toByteArray()));
        Cid metadataCid = store.add(new ByteArrayInputStream(BountyMetadata.forSplit(
                "Species", null, "CC0-1.0", "generated", "label", options, split).toJson()));

        BountyMarket asRequester = BountyMarket.load(marketAddress, web3j, manager(web3j, requester), GAS);
        Bytes32 bountyId = Commitments.bountyId(BigInteger.valueOf(CHAIN_ID), EthAddress.fromHex(marketAddress),
                EthAddress.fromHex(requester.getAddress()), BigInteger.ZERO);
        assertThat(asRequester.nextBountyId(requester.getAddress()).send()).isEqualTo(bountyId.toByteArray());
        BigInteger now = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp();
        asRequester.createBounty(new BountyMarket.BountyParams(trainingCid.toString(), testInputsCid.toString(), metadataCid.toString(),
                Commitments.groundTruth(bountyId, labels, labelsSalt).toByteArray(), MDC.multiply(BigInteger.valueOf(100)), MDC,
                now.add(BigInteger.valueOf(600)), BigInteger.valueOf(3600), BigInteger.valueOf(labels.length),
                BigInteger.valueOf(split.classes().size()), BigInteger.TEN, "0x0000000000000000000000000000000000000000",
                BigInteger.ZERO)).send();

        // Two trainers commit; the better one will win.
        Trainer winner = new Trainer(best, withErrors(labels, 2, split.classes().size()), store.add(new ByteArrayInputStream("model-a".getBytes())));
        Trainer runnerUp = new Trainer(other, withErrors(labels, 9, split.classes().size()), store.add(new ByteArrayInputStream("model-b".getBytes())));
        for (Trainer trainer : new Trainer[] {winner, runnerUp}) {
            trainer.market(web3j, marketAddress).commit(bountyId.toByteArray(),
                    Commitments.predictions(bountyId, trainer.address(), trainer.predictions, trainer.predictionsSalt).toByteArray(),
                    Commitments.model(bountyId, trainer.address(), trainer.modelCid.toString(), trainer.modelSalt).toByteArray()).send();
        }

        node.increaseTime(601);
        asRequester.revealGroundTruth(bountyId.toByteArray(), labels, labelsSalt.toByteArray()).send();
        for (Trainer trainer : new Trainer[] {runnerUp, winner}) {
            BigInteger correct = BigInteger.valueOf(matches(trainer.predictions, labels));
            BountyMarket market = trainer.market(web3j, marketAddress);
            String hint = market.claimHint(bountyId.toByteArray(), trainer.address().toHex(), correct).send();
            market.claimAccuracy(bountyId.toByteArray(), correct, hint).send();
        }
        node.increaseTime(3601);
        winner.market(web3j, marketAddress).revealCandidate(bountyId.toByteArray(), winner.predictions,
                winner.predictionsSalt.toByteArray(), winner.modelCid.toString(), winner.modelSalt.toByteArray(), labels).send();

        BountyMarket.Bounty settled = asRequester.getBounty(bountyId.toByteArray()).send();
        assertThat(settled.winner).isEqualToIgnoringCase(best.getAddress());
        assertThat(asRequester.phaseOf(bountyId.toByteArray()).send()).isEqualTo(BigInteger.valueOf(6)); // Completed
        assertThat(asRequester.credits(best.getAddress()).send()).isEqualTo(MDC.multiply(BigInteger.valueOf(101)));
        web3j.shutdown();
    }

    private static RawTransactionManager manager(Web3j web3j, Credentials credentials) {
        return new RawTransactionManager(web3j, credentials, CHAIN_ID);
    }

    private static byte[] withErrors(byte[] labels, int errors, int classes) {
        byte[] predictions = labels.clone();
        for (int i = 0; i < errors; i++) {
            predictions[i] = (byte) ((predictions[i] + 1) % classes);
        }
        return predictions;
    }

    private static int matches(byte[] a, byte[] b) {
        int count = 0;
        for (int i = 0; i < a.length; i++) {
            count += a[i] == b[i] ? 1 : 0;
        }
        return count;
    }

    private record Trainer(Credentials credentials, byte[] predictions, Cid modelCid, Bytes32 predictionsSalt, Bytes32 modelSalt) {
        Trainer(Credentials credentials, byte[] predictions, Cid modelCid) {
            this(credentials, predictions, modelCid, Bytes32.randomSalt(), Bytes32.randomSalt());
        }

        EthAddress address() {
            return EthAddress.fromHex(credentials.getAddress());
        }

        BountyMarket market(Web3j web3j, String address) {
            return BountyMarket.load(address, web3j, manager(web3j, credentials), GAS);
        }
    }
}
