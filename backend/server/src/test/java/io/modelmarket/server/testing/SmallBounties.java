package io.modelmarket.server.testing;

import static io.modelmarket.contracts.testing.LocalChain.MDC;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.testing.LocalChain;
import java.math.BigInteger;
import java.util.HexFormat;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Tiny bounties straight through the contract, for indexer tests: four labels, two classes, 10 MDC reward,
 * 1 MDC stake, an hour to commit and a 10-minute window, no verifier.
 */
public final class SmallBounties {
    private SmallBounties() {}

    /** Funds {@code requester}, creates a bounty with these CIDs, and returns its id as 0x-hex. */
    public static String create(LocalChain chain, Credentials requester, String trainingCid, String testInputsCid, String metadataCid)
            throws Exception {
        chain.fund(requester.getAddress(), MDC.multiply(BigInteger.valueOf(100)));
        chain.coinAs(requester).approve(chain.marketAddress, MDC.multiply(BigInteger.valueOf(100))).send();
        BountyMarket market = chain.marketAs(requester);
        byte[] id = market.nextBountyId(requester.getAddress()).send();
        byte[] labels = {0, 1, 1, 0};
        byte[] commitment = market.groundTruthCommitment(id, labels, new byte[32]).send();
        BigInteger now = chain.web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp();
        market.createBounty(new BountyMarket.BountyParams(trainingCid, testInputsCid, metadataCid, commitment, MDC.multiply(BigInteger.TEN),
                MDC, now.add(BigInteger.valueOf(3600)), BigInteger.valueOf(600), BigInteger.valueOf(labels.length), BigInteger.TWO,
                BigInteger.TEN, "0x0000000000000000000000000000000000000000", market.requesterNonce(requester.getAddress()).send())).send();
        return "0x" + HexFormat.of().formatHex(id);
    }

    /** Gives {@code trainer} the stake of a bounty and lets the market take it. */
    public static void fundAndApprove(LocalChain chain, Credentials trainer) throws Exception {
        chain.fund(trainer.getAddress(), MDC.multiply(BigInteger.TEN));
        chain.coinAs(trainer).approve(chain.marketAddress, MDC.multiply(BigInteger.TEN)).send();
    }

    /** {@code trainer} commits to bounty {@code bountyId} (commitments that open nothing: only the events matter here). */
    public static void commit(LocalChain chain, String bountyId, Credentials trainer) throws Exception {
        chain.marketAs(trainer).commit(id(bountyId), someCommitment(), someCommitment()).send();
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
}
