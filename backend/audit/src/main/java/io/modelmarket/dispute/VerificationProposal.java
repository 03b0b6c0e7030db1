package io.modelmarket.dispute;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.protocol.Bytes32;
import java.math.BigInteger;

/** The winner a bounty's verification proposes, as a Verification dispute challenges it (docs/protocol.md, "Disputes"). */
public final class VerificationProposal {
    /** The zero address: the proposal "no winner". */
    public static final String NOBODY = "0x0000000000000000000000000000000000000000";

    private VerificationProposal() {}

    /**
     * The proposed winner, lower case, or {@link #NOBODY}: the verifier's proposal once an attestation recorded it
     * (Challenging or Disputed on chain), else a silent verifier's default, the best candidate left in the ranking.
     */
    public static String winner(BountyMarket market, Bytes32 bountyId) throws Exception {
        return winner(market, bountyId, market.getBounty(bountyId.toByteArray()).send());
    }

    /** {@link #winner(BountyMarket, Bytes32)} of a bounty whose struct the caller has just read ({@code getBounty}). */
    public static String winner(BountyMarket market, Bytes32 bountyId, BountyMarket.Bounty bounty) throws Exception {
        String stored = MarketEnums.phase(bounty.phase.intValue());
        String winner = stored.equals("Challenging") || stored.equals("Disputed") ? bounty.winner
                : market.rankedCandidates(bountyId.toByteArray(), BigInteger.ONE).send().component1().stream().findFirst().orElse(NOBODY);
        return winner.toLowerCase();
    }

    /** The proposal in words: {@code 0x… wins} or {@code no winner}. */
    public static String describe(String winner) {
        return winner.equalsIgnoreCase(NOBODY) ? "no winner" : winner.toLowerCase() + " wins";
    }
}
