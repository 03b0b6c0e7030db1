package io.modelmarket.audit;

import io.modelmarket.chain.MarketEvent;
import io.modelmarket.chain.MarketLogs;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.DevelopmentArbitrator;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.contracts.ModelCoin;
import io.modelmarket.protocol.Bytes32;
import java.io.IOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * Reads what an audit needs about one bounty of a BountyMarket from a chain node alone ({@code eth_getLogs},
 * {@code eth_getBlockByNumber} and view calls): the bounty's events with their block times, its escrow, and the
 * market's money. Shared by the command line and the server; nothing here comes from a ModelMarket database.
 */
public final class BountyHistoryReader {
    private static final String NOBODY = "0x0000000000000000000000000000000000000000";

    private final Web3j web3j;
    private final long chainId;
    private final String market;
    private final BountyMarket contract;
    private final MarketLogs logs;

    /**
     * @param market the BountyMarket address
     * @param fromBlock the first block to read events from (the market's deployment block)
     */
    public BountyHistoryReader(Web3j web3j, long chainId, String market, long fromBlock) {
        this.web3j = web3j;
        this.chainId = chainId;
        this.market = market.toLowerCase();
        this.logs = new MarketLogs(web3j, market, fromBlock);
        this.contract = BountyMarket.load(market, web3j, new ReadonlyTransactionManager(web3j, NOBODY), new DefaultGasProvider());
    }

    /**
     * Whether this market created a bounty with this id (its {@code BountyCreated} log): safe to ask of any
     * address, one that is no market included.
     */
    public boolean holds(Bytes32 bountyId) throws IOException {
        return !logs.of(BountyMarket.BOUNTYCREATED_EVENT, bountyId.toHex()).isEmpty();
    }

    /** The bounty's effective phase now, by name ({@code MarketEnums.PHASES}). */
    public String phase(Bytes32 bountyId) throws IOException {
        return MarketEnums.phase(call(contract.phaseOf(bountyId.toByteArray())).intValue());
    }

    /**
     * Everything the chain says about the bounty.
     *
     * @throws IllegalArgumentException when the market has no such bounty
     */
    public BountyHistory read(Bytes32 bountyId) throws IOException {
        if (!holds(bountyId)) {
            throw new IllegalArgumentException("market " + market + " on chain " + chainId + " has no bounty " + bountyId.toHex());
        }
        List<MarketEvent> events = events(bountyId);
        Map<Long, Long> blockTimes = new HashMap<>();
        for (MarketEvent event : events) {
            if (!blockTimes.containsKey(event.block())) {
                blockTimes.put(event.block(), blockTime(event.block()));
            }
        }
        BigInteger escrow = call(contract.getBounty(bountyId.toByteArray())).escrow;
        return new BountyHistory(chainId, market, bountyId.toHex(), events, blockTimes, escrow, money(), rulings(events));
    }

    /** The arbitrator's record of every dispute in {@code events} ({@code DisputeRaised}). */
    private Map<BigInteger, BountyHistory.ArbitratorRuling> rulings(List<MarketEvent> events) throws IOException {
        Map<BigInteger, BountyHistory.ArbitratorRuling> rulings = new TreeMap<>();
        List<MarketEvent> raised = events.stream().filter(e -> e.name().equals("DisputeRaised")).toList();
        if (raised.isEmpty()) {
            return rulings;
        }
        // Any ERC-792 arbitrator answers these two views; the development arbitrator's wrapper calls them.
        DevelopmentArbitrator arbitrator = DevelopmentArbitrator.load(call(contract.arbitrator()), web3j, new ReadonlyTransactionManager(web3j, NOBODY),
                new DefaultGasProvider());
        for (MarketEvent dispute : raised) {
            BigInteger id = dispute.number("disputeId");
            int status = call(arbitrator.disputeStatus(id)).intValue();
            rulings.put(id, new BountyHistory.ArbitratorRuling(status < BountyHistory.ArbitratorRuling.STATUSES.size()
                    ? BountyHistory.ArbitratorRuling.STATUSES.get(status) : "Unknown(" + status + ")", call(arbitrator.currentRuling(id))));
        }
        return rulings;
    }

    /** The bounty's events in chain order (one {@code eth_getLogs}): what tells a caller whether its history changed. */
    public List<MarketEvent> events(Bytes32 bountyId) throws IOException {
        return logs.ofBounty(bountyId.toHex());
    }

    /**
     * The market's token balance, every bounty's escrow and every credited account's credits (the burn address included);
     * its ether, every bounty's fee bond and every fee-credited account's fee credits.
     */
    private BountyHistory.MarketMoney money() throws IOException {
        List<MarketEvent> bounties = logs.of(BountyMarket.BOUNTYCREATED_EVENT);
        BigInteger escrow = BigInteger.ZERO;
        BigInteger feeBonds = BigInteger.ZERO;
        for (MarketEvent created : bounties) {
            BountyMarket.Bounty bounty = call(contract.getBounty(Bytes32.fromHex(created.text("bountyId")).toByteArray()));
            escrow = escrow.add(bounty.escrow);
            feeBonds = feeBonds.add(bounty.feeBond);
        }
        Owed feeCredits = owedTo(BountyMarket.FEECREDITED_EVENT, contract::feeCredits);
        BigInteger ether = web3j.ethGetBalance(market, DefaultBlockParameterName.LATEST).send().getBalance();
        Owed credits = owedTo(BountyMarket.CREDITED_EVENT, contract::credits);
        ModelCoin token = ModelCoin.load(call(contract.token()), web3j, new ReadonlyTransactionManager(web3j, NOBODY), new DefaultGasProvider());
        BigInteger balance = call(token.balanceOf(market));
        return new BountyHistory.MarketMoney(balance, escrow, credits.total(), bounties.size(), credits.accounts(),
                new BountyHistory.Ether(ether, feeBonds, feeCredits.total()));
    }

    /** What the market owes the accounts that {@code creditEvent} ever credited, by {@code balanceOf} each, and how many they are. */
    private record Owed(BigInteger total, int accounts) {}

    private Owed owedTo(Event creditEvent, Function<String, RemoteFunctionCall<BigInteger>> balanceOf) throws IOException {
        Set<String> accounts = new TreeSet<>();
        for (MarketEvent credited : logs.of(creditEvent)) {
            accounts.add(credited.address("account"));
        }
        BigInteger total = BigInteger.ZERO;
        for (String account : accounts) {
            total = total.add(call(balanceOf.apply(account)));
        }
        return new Owed(total, accounts.size());
    }

    private long blockTime(long block) throws IOException {
        return web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false).send().getBlock()
                .getTimestamp().longValueExact();
    }

    /** A view call; the node's failures as {@link IOException}. */
    private static <T> T call(RemoteFunctionCall<T> view) throws IOException {
        try {
            return view.send();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("a view call to the market failed: " + e.getMessage(), e);
        }
    }
}
