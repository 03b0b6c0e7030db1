package io.modelmarket.server.audit;

import io.modelmarket.audit.Auditor;
import io.modelmarket.audit.BountyHistoryReader;
import io.modelmarket.chain.Deployment;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.SandboxGate;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import org.web3j.protocol.Web3j;

/**
 * Audits finished bounties from the chain and the content store alone ({@link BountyHistoryReader},
 * {@link Auditor}), not from the server's index, whose correctness the audit must not assume. A verdict is kept
 * with the number of events it covered and served again until the bounty's history grows (a settlement, or the
 * {@code advance} that records an end the clock decided): one {@code eth_getLogs} per request, the files, the
 * re-runs and the market's money only when something happened. An inconclusive verdict is not kept: the next request
 * audits again, since what kept a check from being made (a file, the sandbox) may be back. Model re-runs pass the server's sandbox gate.
 */
@Service
@ConditionalOnProperty(name = "modelmarket.chain.enabled", havingValue = "true", matchIfMissing = true)
public class AuditService {
    /** Verdicts kept, least recently asked for dropped first. */
    static final int KEPT_VERDICTS = 1000;

    private record Kept(int events, AuditVerdict verdict) {}

    private final BountyHistoryReader reader;
    private final Auditor auditor;
    private final Map<Bytes32, Kept> kept = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes32, Kept> eldest) {
            return size() > KEPT_VERDICTS;
        }
    });
    private final Map<Bytes32, Object> auditing = new ConcurrentHashMap<>();

    AuditService(Web3j web3j, Deployment deployment, ContentStore store, ModelLimits limits, SandboxGate gate) {
        this.reader = new BountyHistoryReader(web3j, deployment.chainId(), deployment.bountyMarket(), deployment.deployBlock());
        this.auditor = new Auditor(store, limits, gate);
    }

    /**
     * The verdict of the audit of bounty {@code bountyId}.
     *
     * @throws ResponseStatusException 404 when the market has no such bounty, 409 while it has not ended
     */
    public AuditVerdict verdict(Bytes32 bountyId) throws IOException {
        if (!reader.holds(bountyId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no bounty " + bountyId.toHex() + " on the market");
        }
        String phase = reader.phase(bountyId);
        if (!MarketEnums.ended(phase)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "bounty " + bountyId.toHex() + " is " + phase + "; its audit is available once it has ended");
        }
        // One audit at a time per bounty: a second request waits for the first one's verdict instead of re-running every model.
        synchronized (auditing.computeIfAbsent(bountyId, id -> new Object())) {
            int events = reader.events(bountyId).size();
            Kept known = kept.get(bountyId);
            if (known != null && known.events() == events) {
                return known.verdict();
            }
            AuditVerdict verdict = AuditVerdict.of(auditor.audit(reader.read(bountyId)), phase);
            if (!verdict.verdict().equals("INCONCLUSIVE")) {
                kept.put(bountyId, new Kept(events, verdict)); // an audit that could not make a check is made again when asked
            }
            return verdict;
        }
    }
}
