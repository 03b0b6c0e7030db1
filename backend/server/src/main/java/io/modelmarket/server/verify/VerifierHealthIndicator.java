package io.modelmarket.server.verify;

import io.modelmarket.server.health.VerifierProblems;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * {@code verifier} in /actuator/health: what keeps the verifier from judging a bounty, in a sentence per bounty
 * ({@code problems}, by bounty id). Up either way: a run the verifier could not make is retried, and a verifier
 * that never can is silent, which the protocol allows for (the best candidate wins when Verifying ends).
 */
@Component("verifier")
@ConditionalOnExpression("'${modelmarket.chain.enabled:true}' == 'true' && '${modelmarket.verifier.private-key:}' != ''")
class VerifierHealthIndicator implements HealthIndicator {
    private final VerifierService verifier;
    private final VerifierProblems problems;

    VerifierHealthIndicator(VerifierService verifier, VerifierProblems problems) {
        this.verifier = verifier;
        this.problems = problems;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("address", verifier.address());
        try {
            Map<String, String> noted = problems.all();
            String status = switch (noted.size()) {
                case 0 -> "The verifier judges every bounty it verifies.";
                case 1 -> "Bounty " + noted.keySet().iterator().next() + ": " + noted.values().iterator().next();
                default -> noted.size() + " bounties wait for the verifier; see problems.";
            };
            return health.withDetail("problems", noted).withDetail("status", status).build();
        } catch (DataAccessException e) {
            return health.unknown().withDetail("status", "The verifier's problems cannot be read: the database does not answer.").build();
        }
    }
}
