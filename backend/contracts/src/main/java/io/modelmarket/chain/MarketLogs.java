package io.modelmarket.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * One market's events as a node lists them ({@code eth_getLogs} from a first block to the latest), decoded by
 * {@link MarketEventDecoder}, in chain order: what a client that keeps no index (the audit, the command line)
 * reads. Every bounty event has the bounty id as its first indexed topic.
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

    /** Every event of the bounty {@code bountyId} ({@code 0x}-hex). */
    public List<MarketEvent> ofBounty(String bountyId) throws IOException {
        return read(null, bountyId);
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
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)), DefaultBlockParameterName.LATEST, market);
        if (topic0 == null) {
            filter.addNullTopic();
        } else {
            filter.addSingleTopic(topic0);
        }
        if (bountyId != null) {
            filter.addSingleTopic(bountyId);
        }
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
