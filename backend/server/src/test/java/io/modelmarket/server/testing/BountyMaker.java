package io.modelmarket.server.testing;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Creates many bounties fast, each a BountyCreated and a PhaseChanged event, for tests and benchmarks that
 * need a busy chain: one requester (Hardhat's account 1), funded and approved for all of them at once (reward and
 * verifier bond), each sending the fee bond, transactions sent without waiting for each receipt (development nodes
 * mine each at once).
 */
public final class BountyMaker {
    private static final byte[] COMMITMENT = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

    private final LocalChain chain;
    private final Credentials requester = HardhatAccounts.account(1);
    private final BountyMarket market;
    private final RawTransactionManager manager;
    private final BigInteger reward = LocalChain.MDC;
    private final BigInteger deadline;
    private final BigInteger feeBond;
    private int created;

    /** Funds and approves {@code capacity} bounties. */
    public BountyMaker(LocalChain chain, int capacity) throws Exception {
        this.chain = chain;
        this.market = chain.marketAs(requester);
        this.manager = chain.manager(requester);
        BigInteger escrowed = reward.add(reward).multiply(BigInteger.valueOf(capacity)); // the stake, and so the bond, is the reward
        chain.fund(requester.getAddress(), escrowed);
        chain.coinAs(requester).approve(chain.marketAddress, escrowed).send();
        this.feeBond = SmallBounties.feeBond(market);
        this.deadline = chain.web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp()
                .add(BigInteger.valueOf(30L * 86400));
    }

    /** Sends {@code count} creations, {@code pause} apart, and waits for the last receipt; returns the last transaction's hash. */
    public synchronized String create(int count, Duration pause) throws IOException, TransactionException, InterruptedException {
        String last = null;
        for (int i = 0; i < count; i++) {
            int n = created++;
            String data = market.createBounty(new BountyMarket.BountyParams(SmallBounties.TRAINING_CID, SmallBounties.SEALED_TEST_INPUTS_CID,
                    SmallBounties.METADATA_CID, COMMITMENT, COMMITMENT, reward, reward, deadline, BigInteger.valueOf(3600), BigInteger.valueOf(100),
                    BigInteger.TEN, BigInteger.TEN, BigInteger.ZERO, BigInteger.ZERO, BigInteger.valueOf(50), SmallBounties.VERIFIER.getAddress(),
                    BigInteger.valueOf(n)), feeBond).encodeFunctionCall();
            EthSendTransaction sent = manager.sendTransaction(LocalChain.GAS.getGasPrice(), BigInteger.valueOf(1_000_000), chain.marketAddress,
                    data, feeBond);
            if (sent.hasError()) {
                throw new IllegalStateException("bounty " + n + ": " + sent.getError().getMessage());
            }
            last = sent.getTransactionHash();
            if (!pause.isZero()) {
                Thread.sleep(pause);
            }
        }
        if (last != null && !new PollingTransactionReceiptProcessor(chain.web3j, 50, 400).waitForTransactionReceipt(last).isStatusOK()) {
            throw new IllegalStateException("the last bounty creation reverted: " + last);
        }
        return last;
    }
}
