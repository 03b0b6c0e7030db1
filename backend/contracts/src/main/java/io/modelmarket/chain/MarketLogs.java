package io.modelmarket.chain;

import java.io.IOException;
import java.math.BigInteger;
import io.modelmarket.contracts.BountyMarket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * One market's events as a node lists them ({@code eth_getLogs} from a first block to the latest), decoded by
 * {@link MarketEventDecoder}, in chain order: what a client that keeps no index (the audit, the command line)
 * reads. Every bounty event of the market's own has the bounty id as its first indexed topic; the ERC-792 and
 * ERC-1497 events have the arbitrator there, then the bounty's evidence group ({@code Evidence}) or the dispute id
 * ({@code Dispute}, {@code Ruling}).
 */
public final class MarketLogs {
    private final Web3j web3j;
    private final String market;
    private final long fromBlock;
    private final MarketEventDecoder decoder = new MarketEventDecoder();

    /** The events of the market at {@code market} from block {@code fromBlock} on (its deployment block). */
    public MarketLogs(Web3j web3j, String market, long fromBlock) {
        this.web3j = web3j;
        this.market = market;
        this.fromBlock = fromBlock;
    }

    /**
     * Every event of the bounty {@code bountyId} ({@code 0x}-hex), in chain order: its own, its {@code Evidence}, and
     * the {@code Dispute} and {@code Ruling} of each dispute it raised ({@code DisputeRaised}).
     */
    public List<MarketEvent> ofBounty(String bountyId) throws IOException {
        List<MarketEvent> events = new ArrayList<>(read(null, bountyId));
        if (events.isEmpty()) {
            return events; // not a bounty of this market: nothing else to look for
        }
        List<String> disputes = events.stream().filter(e -> e.name().equals("DisputeRaised"))
                .map(e -> Numeric.toHexStringWithPrefixZeroPadded(e.number("disputeId"), 64)).toList();
        events.addAll(read(List.of(EventEncoder.encode(BountyMarket.EVIDENCE_EVENT)), List.of(bountyId)));
        if (!disputes.isEmpty()) {
            events.addAll(read(List.of(EventEncoder.encode(BountyMarket.DISPUTE_EVENT), EventEncoder.encode(BountyMarket.RULING_EVENT)), disputes));
        }
        events.sort(Comparator.comparingLong(MarketEvent::block).thenComparingLong(MarketEvent::logIndex));
        return events;
    }

    /** Every {@code event} (e.g. {@code BountyMarket.CREDITED_EVENT}) of any bounty. */
    public List<MarketEvent> of(Event event) throws IOException {
        return read(EventEncoder.encode(event), null);
    }

    /** Every {@code event} of the bounty {@code bountyId}. */
    public List<MarketEvent> of(Event event, String bountyId) throws IOException {
        return read(EventEncoder.encode(event), bountyId);
    }

    private List<MarketEvent> read(String topic0, String bountyId) throws IOException {
        EthFilter filter = filter();
        if (topic0 == null) {
            filter.addNullTopic();
        } else {
            filter.addSingleTopic(topic0);
        }
        if (bountyId != null) {
            filter.addSingleTopic(bountyId);
        }
        return read(filter);
    }

    /** The events named by one of {@code topics0} whose second indexed topic (after the arbitrator) is one of {@code topics2}. */
    private List<MarketEvent> read(List<String> topics0, List<String> topics2) throws IOException {
        EthFilter filter = filter();
        filter.addOptionalTopics(topics0.toArray(String[]::new));
        filter.addNullTopic();
        filter.addOptionalTopics(topics2.toArray(String[]::new));
        return read(filter);
    }

    private EthFilter filter() {
        return new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)), DefaultBlockParameterName.LATEST, market);
    }

    private List<MarketEvent> read(EthFilter filter) throws IOException {
        EthLog response = web3j.ethGetLogs(filter).send();
        if (response.hasError()) {
            throw new IOException("the node refused to list the market's events from block " + fromBlock + ": "
                    + response.getError().getMessage() + " (a later first block may help)");
        }
        List<MarketEvent> events = new ArrayList<>();
        for (EthLog.LogResult<?> result : response.getLogs()) {
            decoder.read((Log) result.get()).ifPresent(events::add);
        }
        return events;
    }
}
