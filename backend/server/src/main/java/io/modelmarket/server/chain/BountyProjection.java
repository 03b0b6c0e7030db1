package io.modelmarket.server.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.protocol.Wei;
import io.modelmarket.server.chain.ChainIndexRepository.Bounty;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Derives the {@code bounty} table from the market's events. Applying a bounty's events in chain order
 * always gives the same row, so after a reorganization the affected bounties are simply rebuilt.
 *
 * <p>The contract accepts any 1 to 128 bytes as a CID. A CID field that does not parse as a CID
 * ({@link Cid#parse}: CIDv1 in base32 or CIDv0) is stored as null, never as a link, and {@code cid_problem}
 * names the fields refused; the chain's string stays in the event's payload, as data.
 */
@Component
class BountyProjection {
    static final List<String> CID_FIELDS = List.of("trainingCid", "testInputsCid", "metadataCid");

    private final ChainIndexRepository index;

    BountyProjection(ChainIndexRepository index) {
        this.index = index;
    }

    void apply(String eventName, String payload, long blockNumber) {
        JsonNode event = ChainIndexRepository.parse(payload);
        String id = event.path("bountyId").asText(null);
        switch (eventName) {
            case "BountyCreated" -> {
                List<String> invalid = new ArrayList<>();
                String[] cids = new String[CID_FIELDS.size()];
                for (int i = 0; i < cids.length; i++) {
                    cids[i] = validCid(event.get(CID_FIELDS.get(i)).asText());
                    if (cids[i] == null) {
                        invalid.add(CID_FIELDS.get(i));
                    }
                }
                String problem = invalid.isEmpty() ? null
                        : String.join(", ", invalid) + (invalid.size() == 1 ? " is not a valid CID" : " are not valid CIDs") + "; not served";
                long deadline = event.get("submissionDeadline").asLong();
                index.insertBounty(new Bounty(id, event.get("requester").asText().toLowerCase(), event.get("verifier").asText().toLowerCase(),
                        Wei.valueOf(event.get("reward").asText()), Wei.valueOf(event.get("trainerStake").asText()), deadline,
                        event.get("responseWindow").asLong(), Long.parseLong(event.get("testSize").asText()), event.get("numClasses").asInt(),
                        event.get("maxSubmissions").asInt(), event.get("groundTruthCommitment").asText(), cids[0], cids[1], cids[2], problem,
                        "Open", deadline, 0, null, blockNumber));
            }
            case "PhaseChanged" -> index.setPhase(id, MarketEnums.phase(event.get("phase").asInt()), event.get("deadline").asLong());
            case "SubmissionCommitted" -> index.addLiveSubmissions(id, 1);
            case "SubmissionWithdrawn" -> index.addLiveSubmissions(id, -1);
            case "BountyCompleted" -> index.setWinner(id, event.get("winner").asText().toLowerCase());
            default -> {
                // the other events change nothing in the summary; they stay in chain_event for the timeline
            }
        }
    }

    /** Recomputes the given bounties from their remaining events. */
    void rebuild(Collection<String> bountyIds) {
        for (String id : bountyIds) {
            index.deleteBounty(id);
            index.eventsOf(id).forEach(event -> apply(event.name(), event.payload(), event.block()));
        }
    }

    /** {@code text} when it parses as a CID, otherwise null. */
    static String validCid(String text) {
        try {
            Cid.parse(text);
            return text;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
