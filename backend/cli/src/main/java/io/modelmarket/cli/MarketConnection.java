package io.modelmarket.cli;

import io.modelmarket.chain.ChainException;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.chain.MarketLogs;
import io.modelmarket.chain.TransactionSender;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.DevelopmentArbitrator;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.contracts.ModelCoin;
import io.modelmarket.protocol.Bytes32;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.datatypes.Event;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/** One chain and one market: read-only views, the market's events, and sending with a local key. */
final class MarketConnection implements AutoCloseable {
    private static final String NOBODY = "0x0000000000000000000000000000000000000000";

    final Web3j web3j;
    final long chainId;
    final String marketAddress;
    final long fromBlock;
    private final BountyMarket market;
    private final MarketLogs logs;
    /** The arbitrator the deployment record names, or null without a record ({@code --market}). */
    private final String recordedArbitrator;
    private String tokenAddress;

    MarketConnection(Web3j web3j, long chainId, String marketAddress, String recordedArbitrator, long fromBlock) {
        this.web3j = web3j;
        this.chainId = chainId;
        this.marketAddress = marketAddress;
        this.recordedArbitrator = recordedArbitrator;
        this.fromBlock = fromBlock;
        this.logs = new MarketLogs(web3j, marketAddress, fromBlock);
        this.market = BountyMarket.load(marketAddress, web3j, new ReadonlyTransactionManager(web3j, NOBODY), new DefaultGasProvider());
    }

    /** The market for calls and for encoding transactions. */
    BountyMarket market() {
        return market;
    }

    ModelCoin token() throws Exception {
        if (tokenAddress == null) {
            tokenAddress = market.token().send();
        }
        return ModelCoin.load(tokenAddress, web3j, new ReadonlyTransactionManager(web3j, NOBODY), new DefaultGasProvider());
    }

    /**
     * The market's ERC-792 arbitrator, for calls and for encoding transactions: the deployment record's, which must be the
     * one the market was deployed with (its {@code arbitrator()}); the market's without a record.
     */
    DevelopmentArbitrator arbitrator() throws Exception {
        String address = market.arbitrator().send();
        if (recordedArbitrator != null && !recordedArbitrator.equalsIgnoreCase(address)) {
            throw new IllegalStateException("the deployment record names the arbitrator " + recordedArbitrator + " but the market " + marketAddress
                    + " was deployed with " + address + "; redeploy, or fix the record");
        }
        return DevelopmentArbitrator.load(address, web3j, new ReadonlyTransactionManager(web3j, NOBODY), new DefaultGasProvider());
    }

    /** Fails, naming both amounts, when {@code account} holds less ModelCoin than {@code amount} ({@code what} it is for). */
    void requireTokens(String account, BigInteger amount, String what) throws Exception {
        BigInteger balance = token().balanceOf(account).send();
        if (balance.compareTo(amount) < 0) {
            throw new IllegalArgumentException(what + " is " + Amounts.format(amount) + " but " + account + " holds "
                    + Amounts.format(balance) + " (on a dev chain: modelmarket faucet)");
        }
    }

    TransactionSender sender(Credentials credentials) {
        return new TransactionSender(web3j, credentials, chainId);
    }

    /**
     * Fails, saying in words why the chain would refuse it, unless sending {@code data} to {@code to} would succeed
     * now (a gas estimate: the node runs the call). Commands that write a kit call it before writing, so that a
     * refusal leaves nothing behind.
     */
    void requireWouldSucceed(TransactionSender sender, String what, String to, String data) throws ChainException {
        requireWouldSucceed(sender, what, to, data, BigInteger.ZERO);
    }

    /** {@link #requireWouldSucceed(TransactionSender, String, String, String)} sending {@code value} wei. */
    void requireWouldSucceed(TransactionSender sender, String what, String to, String data, BigInteger value) throws ChainException {
        Optional<String> refusal;
        try {
            refusal = sender.wouldRevert(to, data, value);
        } catch (IOException e) {
            throw new ChainException("could not check " + what + " with the chain: " + e.getMessage(), e);
        }
        if (refusal.isPresent()) {
            throw new ChainException(what + " would be refused: " + Refusals.explain(refusal.get()) + "; nothing was sent");
        }
    }

    /** Sends one transaction (refused in words if it would fail) and prints what it was, its gas and its hash. */
    TransactionReceipt send(TransactionSender sender, String what, String to, String data, PrintWriter out) throws ChainException {
        return send(sender, what, to, data, BigInteger.ZERO, out);
    }

    /** {@link #send(TransactionSender, String, String, String, PrintWriter)} with {@code value} wei. */
    TransactionReceipt send(TransactionSender sender, String what, String to, String data, BigInteger value, PrintWriter out) throws ChainException {
        requireWouldSucceed(sender, what, to, data, value);
        TransactionReceipt receipt = sender.send(to, data, value);
        out.printf("  %-28s gas %,9d  block %s  tx %s%n", what, receipt.getGasUsed(), receipt.getBlockNumber(), receipt.getTransactionHash());
        out.flush();
        return receipt;
    }

    /** The bounty as stored; fails with a clear message when the market has no such bounty. */
    BountyMarket.Bounty bounty(Bytes32 bountyId) throws Exception {
        BountyMarket.Bounty bounty = market.getBounty(bountyId.toByteArray()).send();
        if (bounty.requester == null || bounty.requester.equals(NOBODY)) {
            throw new IllegalArgumentException("market " + marketAddress + " on chain " + chainId + " has no bounty " + bountyId.toHex());
        }
        return bounty;
    }

    /** The status of {@code trainer}'s submission to the bounty, by name ({@code None} without one). */
    String submissionStatus(Bytes32 bountyId, String trainer) throws Exception {
        return MarketEnums.submissionStatus(market.getSubmission(bountyId.toByteArray(), trainer).send().status.intValue());
    }

    /** The effective phase of a bounty, by name. */
    String phase(Bytes32 bountyId) throws Exception {
        return MarketEnums.phase(market.phaseOf(bountyId.toByteArray()).send().intValue());
    }

    /**
     * Fails unless the bounty is in {@code expected} now, naming the phase it is in and what needs {@code expected}
     * ({@code step}, e.g. "predictions are made after the key release").
     */
    void requirePhase(Bytes32 bountyId, String expected, String step) throws Exception {
        String phase = phase(bountyId);
        if (!phase.equals(expected)) {
            String when = MarketEnums.PHASES.indexOf(expected) < MarketEnums.PHASES.indexOf(phase) ? "; " + expected + " is over"
                    : phaseEnd(bountyId, phase).map(end -> "; " + end).orElse("");
            throw new IllegalStateException("bounty " + bountyId.toHex() + " is " + phase + "; this needs " + expected + " (" + step + ")" + when);
        }
    }

    /**
     * When the bounty's current {@code phase} ends, in chain time, e.g. {@code Predicting ends at 2026-12-03 19:04:05 UTC
     * (in 41 min)}; empty for a phase without an end (an ended bounty).
     */
    Optional<String> phaseEnd(Bytes32 bountyId, String phase) throws Exception {
        Optional<Long> end = BountyCommands.phaseEnd(phase, bounty(bountyId));
        if (end.isEmpty()) {
            return Optional.empty();
        }
        long now = now();
        return Optional.of(phase + (end.get() > now ? " ends at " : " ended at ") + ChainTime.at(end.get()) + " (" + ChainTime.relative(end.get(), now) + ")");
    }

    /** Every event of one bounty, in chain order. */
    List<MarketEvent> events(Bytes32 bountyId) throws IOException {
        return logs.ofBounty(bountyId.toHex());
    }

    /** Every {@code event} (e.g. {@code BountyMarket.BOUNTYCREATED_EVENT}) of any bounty, in chain order. */
    List<MarketEvent> events(Event event) throws IOException {
        return logs.of(event);
    }

    /** The latest block's timestamp: "now" as the contract sees it. */
    long now() throws IOException {
        return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValue();
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
