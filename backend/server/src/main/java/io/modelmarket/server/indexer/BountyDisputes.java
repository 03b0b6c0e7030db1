package io.modelmarket.server.indexer;

import io.modelmarket.ipfs.Cid;
import io.modelmarket.protocol.Wei;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A bounty's disputes ({@code bounty_dispute}) and its ERC-1497 evidence ({@code bounty_evidence}) as their events
 * made them: the indexer's {@link BountyProjection} writes them, the bounty API reads them. The one owner of the SQL
 * on those tables.
 */
@Repository
public class BountyDisputes {
    private static final String IPFS_PREFIX = "/ipfs/";

    private final JdbcClient db;

    public BountyDisputes(JdbcClient db) {
        this.db = db;
    }

    /**
     * A dispute the market raised with its arbitrator.
     *
     * @param disputeId the arbitrator's id, a decimal string (a uint256)
     * @param kind {@code TestInputs} or {@code Verification}
     * @param fee the arbitration fee the disputer paid, in wei
     * @param deposit the tokens the disputer deposited, in wei
     * @param ruling the arbitrator's ruling as applied (a decimal string), null until ruled
     * @param overturned whether the ruling changed the disputed decision, null until ruled
     */
    public record Dispute(String disputeId, String kind, String disputer, Wei fee, Wei deposit, long raisedBlock, String ruling,
            Boolean overturned, Long ruledBlock) {}

    /**
     * One piece of evidence.
     *
     * @param uri {@code /ipfs/<cid>}, or null when the string on chain is not such a URI (then never shown as a link)
     */
    public record Evidence(long block, int logIndex, String party, String uri) {}

    void insertDispute(String bountyId, BigInteger disputeId, String kind, String disputer, BigInteger fee, BigInteger deposit, long block) {
        db.sql("INSERT INTO bounty_dispute (dispute_id, bounty_id, kind, disputer, fee, deposit, raised_block) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(new BigDecimal(disputeId), bountyId, kind, disputer.toLowerCase(), new BigDecimal(fee), new BigDecimal(deposit), block)
                .update();
    }

    void recordRuling(BigInteger disputeId, BigInteger ruling, boolean overturned, long block) {
        db.sql("UPDATE bounty_dispute SET ruling = ?, overturned = ?, ruled_block = ? WHERE dispute_id = ?")
                .params(new BigDecimal(ruling), overturned, block, new BigDecimal(disputeId)).update();
    }

    void insertEvidence(String bountyId, long block, int logIndex, String party, String evidence) {
        db.sql("INSERT INTO bounty_evidence (bounty_id, block_number, log_index, party, evidence_cid) VALUES (?, ?, ?, ?, ?)")
                .params(bountyId, block, logIndex, party.toLowerCase(), cidOf(evidence)).update();
    }

    /** The CID of an {@code /ipfs/<cid>} URI, or null for any other string. */
    static String cidOf(String evidence) {
        return evidence != null && evidence.startsWith(IPFS_PREFIX) ? Cid.validOrNull(evidence.substring(IPFS_PREFIX.length())) : null;
    }

    /** Forgets a bounty's disputes and evidence (before it is rebuilt from its events). */
    void deleteOf(String bountyId) {
        db.sql("DELETE FROM bounty_dispute WHERE bounty_id = ?").param(bountyId).update();
        db.sql("DELETE FROM bounty_evidence WHERE bounty_id = ?").param(bountyId).update();
    }

    /** The bounty's disputes in the order they were raised. */
    public List<Dispute> disputesOf(String bountyId) {
        return db.sql("SELECT * FROM bounty_dispute WHERE bounty_id = ? ORDER BY raised_block, dispute_id").param(bountyId.toLowerCase())
                .query((row, n) -> {
                    BigDecimal ruling = row.getBigDecimal("ruling");
                    boolean overturned = row.getBoolean("overturned");
                    Boolean ruled = ruling == null ? null : overturned;
                    long ruledBlock = row.getLong("ruled_block");
                    return new Dispute(row.getBigDecimal("dispute_id").toBigIntegerExact().toString(), row.getString("kind"), row.getString("disputer"),
                            Wei.of(row.getBigDecimal("fee").toBigIntegerExact()), Wei.of(row.getBigDecimal("deposit").toBigIntegerExact()),
                            row.getLong("raised_block"), ruling == null ? null : ruling.toBigIntegerExact().toString(), ruled,
                            ruling == null ? null : ruledBlock);
                })
                .list();
    }

    /** The bounty's evidence in chain order. */
    public List<Evidence> evidenceOf(String bountyId) {
        return db.sql("SELECT block_number, log_index, party, evidence_cid FROM bounty_evidence WHERE bounty_id = ? ORDER BY block_number, log_index")
                .param(bountyId.toLowerCase())
                .query((row, n) -> {
                    String cid = row.getString("evidence_cid");
                    return new Evidence(row.getLong(1), row.getInt(2), row.getString(3), cid == null ? null : IPFS_PREFIX + cid);
                })
                .list();
    }
}
