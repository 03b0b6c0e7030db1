package io.modelmarket.server.health;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What keeps the verifier from judging a bounty, one sentence per bounty ({@code verifier_problem}): the
 * verifier notes it when a run could not be made and clears it when a round of that bounty goes through. In the
 * database, so every server's bounty API and health show it, not only the one that verifies.
 */
@Component
public class VerifierProblems {
    /** The longest sentence kept (the column's width). */
    static final int MAX_LENGTH = 2000;

    private final JdbcClient db;
    private final Clock clock = Clock.systemUTC();

    VerifierProblems(JdbcClient db) {
        this.db = db;
    }

    /** Notes {@code problem} for {@code bountyId}; true when it is new (not the sentence already noted). */
    public boolean note(String bountyId, String problem) {
        String sentence = problem.length() > MAX_LENGTH ? problem.substring(0, MAX_LENGTH - 1) + "…" : problem;
        if (of(bountyId).filter(sentence::equals).isPresent()) {
            return false;
        }
        clear(bountyId);
        db.sql("INSERT INTO verifier_problem (bounty_id, problem, noted_at) VALUES (?, ?, ?)")
                .params(bountyId.toLowerCase(), sentence, clock.millis()).update();
        return true;
    }

    public void clear(String bountyId) {
        db.sql("DELETE FROM verifier_problem WHERE bounty_id = ?").param(bountyId.toLowerCase()).update();
    }

    /** Forgets the problems of every bounty but {@code verifying} (the others have left Verifying). */
    public void retainOnly(Collection<String> verifying) {
        all().keySet().stream().filter(id -> !verifying.contains(id)).forEach(this::clear);
    }

    public Optional<String> of(String bountyId) {
        return db.sql("SELECT problem FROM verifier_problem WHERE bounty_id = ?").param(bountyId.toLowerCase()).query(String.class).optional();
    }

    /** Every noted problem by bounty, oldest first. */
    public Map<String, String> all() {
        Map<String, String> problems = new LinkedHashMap<>();
        db.sql("SELECT bounty_id, problem FROM verifier_problem ORDER BY noted_at, bounty_id")
                .query((row, n) -> Map.entry(row.getString(1), row.getString(2))).list()
                .forEach(problem -> problems.put(problem.getKey(), problem.getValue()));
        return problems;
    }
}
