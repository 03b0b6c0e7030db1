package io.modelmarket.server.verify;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The server as a bounty's verifier. Without a key the server verifies nothing on chain.
 *
 * @param privateKey the verifier account's key (from the environment, {@code MODELMARKET_VERIFIER_KEY}; never
 *     a file in the repository); bounties that name this account as verifier are verified by the server
 * @param retryAfter how long the verifier waits before it tries a bounty again after a run it could not make
 * @param sendMargin the time kept for publishing a report and mining its attestation: what is judged is sent
 *     before a run that might end later than this before Verifying does
 * @param disputeProposals whether the account also disputes, during Challenging, a proposal it did not make whose
 *     winner its own re-runs do not confirm ({@link ProposalWatcher}); each dispute costs the arbitration fee and a
 *     deposit of one stake, returned with the requester's verifier bond when the arbitrator agrees
 */
@ConfigurationProperties("modelmarket.verifier")
public record VerifierProperties(String privateKey, @DefaultValue("30s") Duration retryAfter, @DefaultValue("60s") Duration sendMargin,
        @DefaultValue("false") boolean disputeProposals) {}
