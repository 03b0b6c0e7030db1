package io.modelmarket.server.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.contracts.MarketEnums;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Collection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Derives the {@code bounty} table from the market's events. Applying a bounty's events in chain order
 * always gives the same row, so after a reorganization the affected bounties are simply rebuilt.
 */
@Component
class BountyProjection {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient db;

    BountyProjection(JdbcClient db) {
        this.db = db;
    }

    void apply(String eventName, String payload, long blockNumber) {
        JsonNode event = parse(payload);
        String id = event.path("bountyId").asText(null);
        switch (eventName) {
            case "BountyCreated" -> db.sql("""
                            INSERT INTO bounty (id, requester, verifier, reward, trainer_stake, submission_deadline, response_window,
                                test_size, num_classes, max_submissions, ground_truth_commitment, training_cid, test_inputs_cid,
                                metadata_cid, phase, phase_deadline, live_submissions, created_block)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Open', ?, 0, ?)""")
                    .params(id, event.get("requester").asText().toLowerCase(), event.get("verifier").asText().toLowerCase(),
                            new BigDecimal(event.get("reward").asText()), new BigDecimal(event.get("trainerStake").asText()),
                            event.get("submissionDeadline").asLong(), event.get("responseWindow").asLong(), event.get("testSize").asInt(),
                            event.get("numClasses").asInt(), event.get("maxSubmissions").asInt(), event.get("groundTruthCommitment").asText(),
                            event.get("trainingCid").asText(), event.get("testInputsCid").asText(), event.get("metadataCid").asText(),
                            event.get("submissionDeadline").asLong(), blockNumber)
                    .update();
            case "PhaseChanged" -> db.sql("UPDATE bounty SET phase = ?, phase_deadline = ? WHERE id = ?")
                    .params(MarketEnums.phase(event.get("phase").asInt()), event.get("deadline").asLong(), id)
                    .update();
            case "SubmissionCommitted" -> db.sql("UPDATE bounty SET live_submissions = live_submissions + 1 WHERE id = ?").param(id).update();
            case "SubmissionWithdrawn" -> db.sql("UPDATE bounty SET live_submissions = live_submissions - 1 WHERE id = ?").param(id).update();
            case "BountyCompleted" -> db.sql("UPDATE bounty SET winner = ? WHERE id = ?").params(event.get("winner").asText().toLowerCase(), id).update();
            default -> {
                // the other events change nothing in the summary; they stay in chain_event for the timeline
            }
        }
    }

    /** Recomputes the given bounties from their remaining events. */
    void rebuild(Collection<String> bountyIds) {
        for (String id : bountyIds) {
            db.sql("DELETE FROM bounty WHERE id = ?").param(id).update();
            db.sql("SELECT event_name, payload, block_number FROM chain_event WHERE bounty_id = ? ORDER BY block_number, log_index")
                    .param(id)
                    .query((row, n) -> new Object[] {row.getString(1), row.getString(2), row.getLong(3)})
                    .list()
                    .forEach(event -> apply((String) event[0], (String) event[1], (Long) event[2]));
        }
    }

    private static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt event payload", e);
        }
    }
}
