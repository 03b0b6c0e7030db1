package io.modelmarket.server.testing;

import static io.modelmarket.testing.LocalChain.MDC;

import io.modelmarket.chain.TransactionSender;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.ipfs.UnixFsImporter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Bare bounties straight through the contract, for indexer tests that need events and not files (whole
 * bounties with files are {@code Bounties}'): CIDs of three short texts unless a test names others, 100 test
 * items, two classes, 10 MDC reward, 1 MDC stake (and verifier bond), the fee bond of the market's arbitration
 * cost, two hours to commit, one-hour windows, Hardhat's account 9 as verifier, commitments that open nothing.
 */
public final class SmallBounties {
    /** CIDs the contract and the server both accept. */
    public static final String TRAINING_CID = cidOf("training");
    public static final String SEALED_TEST_INPUTS_CID = cidOf("sealed test inputs");
    public static final String METADATA_CID = cidOf("metadata");
    /** The bounties' verifier. */
    public static final Credentials VERIFIER = HardhatAccounts.account(9);
    private static final BigInteger REWARD = MDC.multiply(BigInteger.TEN);

    private SmallBounties() {}

    /** Funds {@code requester}, creates a bounty with the default CIDs, and returns its id as 0x-hex. */
    public static String create(LocalChain chain, Credentials requester) throws Exception {
        return create(chain, requester, TRAINING_CID, SEALED_TEST_INPUTS_CID, METADATA_CID);
    }

    /** Funds {@code requester}, creates a bounty with these CIDs, and returns its id as 0x-hex. */
    public static String create(LocalChain chain, Credentials requester, String trainingCid, String sealedTestInputsCid, String metadataCid)
            throws Exception {
        BountyMarket market = fundedMarket(chain, requester);
        byte[] id = market.nextBountyId(requester.getAddress()).send();
        market.createBounty(params(chain, market, requester, trainingCid, sealedTestInputsCid, metadataCid), feeBond(market)).send();
        return "0x" + HexFormat.of().formatHex(id);
    }

    /**
     * Funds {@code requester}, creates a regression bounty (metric MeanAbsoluteError, no classes, {@code maxError}, a
     * {@code minScore} of {@code maxError × 50}) with the default CIDs, and returns its id as 0x-hex.
     */
    public static String createRegression(LocalChain chain, Credentials requester, long maxError) throws Exception {
        BountyMarket market = fundedMarket(chain, requester);
        byte[] id = market.nextBountyId(requester.getAddress()).send();
        BountyMarket.BountyParams classification = params(chain, market, requester, TRAINING_CID, SEALED_TEST_INPUTS_CID, METADATA_CID);
        market.createBounty(new BountyMarket.BountyParams(classification.trainingCid, classification.sealedTestInputsCid, classification.metadataCid,
                classification.groundTruthCommitment, classification.sealingKeyCommitment, classification.reward, classification.trainerStake,
                classification.modelDeadline, classification.responseWindow, classification.testSize, BigInteger.ZERO, classification.maxSubmissions,
                BigInteger.ONE, BigInteger.valueOf(maxError), BigInteger.valueOf(maxError * 50), classification.verifier, classification.nonce),
                feeBond(market)).send();
        return "0x" + HexFormat.of().formatHex(id);
    }

    /**
     * Why the market would refuse a bounty with these CIDs, in words (empty: it would not), as a client learns it
     * before sending: from the node's answer to a gas estimate, which carries the revert data on every node.
     */
    public static Optional<String> refusal(LocalChain chain, Credentials requester, String trainingCid, String sealedTestInputsCid,
            String metadataCid) throws Exception {
        BountyMarket market = fundedMarket(chain, requester);
        String call = market.createBounty(params(chain, market, requester, trainingCid, sealedTestInputsCid, metadataCid), feeBond(market))
                .encodeFunctionCall();
        return new TransactionSender(chain.web3j, requester, LocalChain.CHAIN_ID).wouldRevert(chain.marketAddress, call, feeBond(market));
    }

    /** Funds {@code requester} with the reward and the verifier bond (the stake) and lets the market take both. */
    private static BountyMarket fundedMarket(LocalChain chain, Credentials requester) throws Exception {
        chain.fund(requester.getAddress(), REWARD.add(MDC));
        chain.coinAs(requester).approve(chain.marketAddress, REWARD.add(MDC)).send();
        return chain.marketAs(requester);
    }

    /** The wei a bounty created now sends: the market's arbitration cost. */
    public static BigInteger feeBond(BountyMarket market) throws Exception {
        return market.arbitrationCost().send();
    }

    private static BountyMarket.BountyParams params(LocalChain chain, BountyMarket market, Credentials requester, String trainingCid,
            String sealedTestInputsCid, String metadataCid) throws Exception {
        BigInteger now = chain.web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp();
        return new BountyMarket.BountyParams(trainingCid, sealedTestInputsCid, metadataCid, someCommitment(), someCommitment(),
                REWARD, MDC, now.add(BigInteger.valueOf(7200)), BigInteger.valueOf(3600), BigInteger.valueOf(100), BigInteger.TWO,
                BigInteger.TEN, BigInteger.ZERO, BigInteger.ZERO, BigInteger.valueOf(50), VERIFIER.getAddress(), market.requesterNonce(requester.getAddress()).send());
    }

    /** Gives {@code trainer} the stake of a bounty and lets the market take it. */
    public static void fundAndApprove(LocalChain chain, Credentials trainer) throws Exception {
        chain.fund(trainer.getAddress(), MDC);
        chain.coinAs(trainer).approve(chain.marketAddress, MDC).send();
    }

    /** {@code trainer} commits a model to bounty {@code bountyId} (a commitment that opens nothing: only the events matter here). */
    public static void commit(LocalChain chain, String bountyId, Credentials trainer) throws Exception {
        chain.marketAs(trainer).commitModel(id(bountyId), someCommitment()).send();
    }

    /** A non-zero commitment. */
    public static byte[] someCommitment() {
        byte[] commitment = new byte[32];
        commitment[0] = 1;
        return commitment;
    }

    public static byte[] id(String bountyId) {
        return HexFormat.of().parseHex(bountyId.substring(2));
    }

    private static String cidOf(String text) {
        return UnixFsImporter.cidOf(text.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
