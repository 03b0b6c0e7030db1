package io.modelmarket.server.indexer;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The blocks the indexer recorded ({@code indexed_block}): its progress, and the hashes it compares with the
 * chain's to notice a reorganization. The one owner of the SQL on that table.
 */
@Repository
public class IndexedBlocks {
    private final JdbcClient db;

    public IndexedBlocks(JdbcClient db) {
        this.db = db;
    }

    /** A block the indexer recorded: the end of a range it read, or a block it found events in. */
    public record RecordedBlock(long number, String hash) {}

    /** The newest recorded block: one row, read through the primary key's index. */
    public Optional<RecordedBlock> newestBlock() {
        return db.sql("SELECT number, hash FROM indexed_block ORDER BY number DESC LIMIT 1")
                .query((row, n) -> new RecordedBlock(row.getLong(1), row.getString(2)))
                .optional();
    }

    /** The newest recorded block below {@code number}, for walking back after a reorganization. */
    public Optional<RecordedBlock> newestBlockBefore(long number) {
        return db.sql("SELECT number, hash FROM indexed_block WHERE number < ? ORDER BY number DESC LIMIT 1")
                .param(number)
                .query((row, n) -> new RecordedBlock(row.getLong(1), row.getString(2)))
                .optional();
    }

    /** The recorded hash of block {@code number}, if it was recorded. */
    public Optional<String> recordedHash(long number) {
        return db.sql("SELECT hash FROM indexed_block WHERE number = ?").param(number).query(String.class).optional();
    }

    public void recordBlock(long number, String hash) {
        int updated = db.sql("UPDATE indexed_block SET hash = ? WHERE number = ?").params(hash, number).update();
        if (updated == 0) {
            db.sql("INSERT INTO indexed_block (number, hash) VALUES (?, ?)").params(number, hash).update();
        }
    }

    /** Deletes every block record after {@code forkPoint}. */
    public void deleteAfter(long forkPoint) {
        db.sql("DELETE FROM indexed_block WHERE number > ?").param(forkPoint).update();
    }
}
