package io.modelmarket.server.indexer;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.protocol.Wei;
import io.modelmarket.server.indexer.BountyReadModel.Counter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Derives the {@code bounty} table from BountyMarket's events. Applying a bounty's events in chain order
 * always gives the same row, so after a reorganization the affected bounties are simply rebuilt. The row keeps
 * the stored phase and the counters {@code phaseOf} reads (models committed, predictions, contenders,
 * matching reveals) and the verification's proposal; the effective phase is derived from them when read
 * ({@link BountyReadModel}). Disputes, their rulings and ERC-1497 evidence go to {@link BountyDisputes}.
 *
 * <p>The contract checks each CID's form, but a CID field that does not parse as a CID ({@link Cid#parse}:
 * CIDv1 in base32 or CIDv0) is still stored as null, never as a link, and {@code cid_problem} names the fields
 * refused; the chain's string stays in the event's payload, as data.
 */
@Component
class BountyProjection {
    static final List<String> CID_FIELDS = List.of("trainingCid", "sealedTestInputsCid", "metadataCid");

    private final BountyReadModel bounties;
    private final ChainEvents events;
    private final BountyDisputes disputes;

    BountyProjection(BountyReadModel bounties, ChainEvents events, BountyDisputes disputes) {
        this.bounties = bounties;
        this.events = events;
        this.disputes = disputes;
    }

    /** Applies one stored event (already in {@code chain_event}, at {@code blockNumber} and {@code logIndex}) to its bounty's row. */
    void apply(String eventName, String payload, long blockNumber, int logIndex) {
        JsonNode event = ChainEvents.parse(payload);
        String id = event.path("bountyId").asText(null);
        String trainer = event.path("trainer").asText("").toLowerCase();
        switch (eventName) {
            case "BountyCreated" -> bounties.insertBounty(created(id, event, blockNumber));
            case "PhaseChanged" -> bounties.setPhase(id, MarketEnums.phase(event.get("phase").asInt()), event.get("deadline").asLong());
            case "ModelCommitted" -> {
                if (events.countEventsUpTo(id, "ModelCommitted", trainer, blockNumber, logIndex) == 1) {
                    bounties.addTo(id, Counter.LIVE_SUBMISSIONS, 1); // a replacement takes no new slot
                }
            }
            case "KeyReleased" -> bounties.setSealingKey(id, event.get("key").asText());
            case "PredictionsCommitted" -> bounties.addTo(id, Counter.PREDICTED, 1);
            case "ScoreClaimed" -> {
                if (event.get("contender").asBoolean()) {
                    bounties.addTo(id, Counter.CONTENDERS, 1);
                }
            }
            case "SubmissionRevealed" -> bounties.addTo(id, Counter.CANDIDATES, 1);
            case "SubmissionSlashed" -> {
                // A reveal that missed its claim is slashed in the same transaction and never enters the ranking.
                if (MarketEnums.slashReason(event.get("reason").asInt()).equals("ScoreMismatch")) {
                    bounties.addTo(id, Counter.CANDIDATES, -1);
                }
            }
            case "BountyCompleted" -> bounties.setWinner(id, event.get("winner").asText().toLowerCase(), event.get("score").asLong());
            case "WinnerProposed" -> bounties.setProposedWinner(id, event.get("winner").asText().toLowerCase());
            case "DisputeRaised" -> disputes.insertDispute(id, number(event, "disputeId"), MarketEnums.disputeKind(event.get("kind").asInt()),
                    event.get("disputer").asText(), number(event, "fee"), number(event, "deposit"), blockNumber);
            case "DisputeRuled" -> disputes.recordRuling(number(event, "disputeId"), number(event, "ruling"), event.get("overturned").asBoolean(),
                    blockNumber);
            case "Evidence" -> disputes.insertEvidence(bountyIdOfGroup(event), blockNumber, logIndex, event.get("_party").asText(),
                    event.get("_evidence").asText());
            default -> {
                // the other events change nothing in the summary; they stay in chain_event for the timeline
            }
        }
    }

    private static BigInteger number(JsonNode event, String field) {
        return new BigInteger(event.get(field).asText());
    }

    /** The bounty of ERC-1497 evidence: its evidence group is {@code uint256(bountyId)}. */
    private static String bountyIdOfGroup(JsonNode event) {
        return String.format("0x%064x", number(event, "_evidenceGroupID"));
    }

    private static BountyReadModel.CreatedBounty created(String id, JsonNode event, long blockNumber) {
        JsonNode params = event.get("params");
        List<String> invalid = new ArrayList<>();
        String[] cids = new String[CID_FIELDS.size()];
        for (int i = 0; i < cids.length; i++) {
            cids[i] = Cid.validOrNull(params.get(CID_FIELDS.get(i)).asText());
            if (cids[i] == null) {
                invalid.add(CID_FIELDS.get(i));
            }
        }
        String problem = invalid.isEmpty() ? null
                : String.join(", ", invalid) + (invalid.size() == 1 ? " is not a valid CID" : " are not valid CIDs") + "; not served";
        return new BountyReadModel.CreatedBounty(id, event.get("requester").asText().toLowerCase(),
                event.get("verifier").asText().toLowerCase(), Wei.valueOf(params.get("reward").asText()),
                Wei.valueOf(params.get("trainerStake").asText()), Long.parseLong(params.get("modelDeadline").asText()),
                Long.parseLong(params.get("responseWindow").asText()), Long.parseLong(params.get("testSize").asText()),
                params.get("numClasses").asInt(), Long.parseLong(params.get("maxSubmissions").asText()),
                MarketEnums.metric(params.get("metric").asInt()), Long.parseLong(params.get("maxError").asText()),
                Long.parseLong(params.get("minScore").asText()),
                params.get("groundTruthCommitment").asText(), params.get("sealingKeyCommitment").asText(), cids[0], cids[1], cids[2], problem,
                blockNumber);
    }

    /** Recomputes the given bounties from their remaining events. */
    void rebuild(Collection<String> bountyIds) {
        for (String id : bountyIds) {
            bounties.deleteBounty(id);
            disputes.deleteOf(id);
            events.eventsOf(id).forEach(event -> apply(event.name(), event.payload(), event.block(), event.logIndex()));
        }
    }
}
