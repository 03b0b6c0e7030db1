package io.modelmarket.server.bounty;

import io.modelmarket.ipfs.Cid;
import io.modelmarket.server.chain.ChainClock;
import io.modelmarket.server.indexer.BountyReadModel;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.server.indexer.BountyReadModel.Bounty;
import io.modelmarket.server.indexer.BountyDisputes;
import io.modelmarket.server.indexer.ChainEvents;
import io.modelmarket.server.health.VerifierProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * bounties as the indexer rebuilt them from chain events: a list with filters, one with its timeline, its
 * leaderboard and its activity over time. Phases are the ones {@code phaseOf} answers now ({@link ChainClock}).
 */
@RestController
@RequestMapping("/api/bounties")
class BountyController {
    private static final List<String> CID_PAYLOAD_FIELDS = List.of("trainingCid", "sealedTestInputsCid", "metadataCid", "modelCid", "reportCid");
    private static final List<String> LISTED_PHASES = MarketEnums.PHASES.subList(1, MarketEnums.PHASES.size());

    private final BountyReadModel bounties;
    private final ChainEvents events;
    private final Leaderboard leaderboard;
    private final ChainClock clock;
    private final VerifierProblems verifierProblems;
    private final BountyDisputes disputes;

    BountyController(BountyReadModel bounties, ChainEvents events, Leaderboard leaderboard, ChainClock clock, VerifierProblems verifierProblems,
            BountyDisputes disputes) {
        this.bounties = bounties;
        this.disputes = disputes;
        this.events = events;
        this.leaderboard = leaderboard;
        this.clock = clock;
        this.verifierProblems = verifierProblems;
    }

    /**
     * One event of a bounty's timeline.
     *
     * @param time the block's timestamp (Unix seconds)
     * @param payload the event's fields as JSON text, as the chain had them (data, never markup)
     * @param invalidCids the payload's CID fields whose value does not parse as a CID: never to be used as a link
     */
    record TimelineEvent(long block, int logIndex, Long time, String txHash, String name, String payload, List<String> invalidCids) {}

    /**
     * The verification's proposal (docs/protocol.md, "Disputes").
     *
     * @param winner the proposed winner, or null: nobody reproduces
     * @param source {@code verifier} when the verifier's round proposed it, {@code default} when it is a silent
     *     verifier's default (the best candidate not rejected), recorded on chain or not yet
     */
    record Proposal(String winner, String source) {}

    /**
     * @param verifierProblem while the bounty is Verifying: what keeps the server's verifier from judging it, in
     *     a sentence; else {@code null}
     * @param proposal the verification's proposal from Challenging on; null before (or for a bounty that never had
     *     one: a single candidate's is final at once)
     * @param disputes the bounty's disputes, in the order raised, each with its ruling once applied
     * @param evidence the ERC-1497 evidence submitted on the bounty, in chain order
     */
    record BountyDetail(Bounty bounty, List<TimelineEvent> timeline, String verifierProblem, Proposal proposal,
            List<BountyDisputes.Dispute> disputes, List<BountyDisputes.Evidence> evidence) {}

    private static final Set<String> PROPOSING_PHASES = Set.of("Challenging", "Disputed");

    @GetMapping
    List<Bounty> list(@RequestParam(required = false) String phase, @RequestParam(required = false) String requester,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        if (phase != null && !LISTED_PHASES.contains(phase)) {
            throw new IllegalArgumentException("unknown phase '" + phase + "'; one of " + LISTED_PHASES);
        }
        return bounties.bounties(phase, requester, Math.min(Math.max(limit, 1), 500), Math.max(offset, 0), clock.now());
    }

    /** Submissions ranked by claim, with what each came to (reveal, verdict, slash, win, settlement). */
    @GetMapping("/{id}/leaderboard")
    List<Leaderboard.Entry> leaderboard(@PathVariable String id) {
        return leaderboard.of(id);
    }

    /** Cumulative counts after each event that changes one, for the charts. */
    @GetMapping("/{id}/activity")
    List<Leaderboard.Activity> activity(@PathVariable String id) {
        return leaderboard.activity(id);
    }

    @GetMapping("/{id}")
    BountyDetail get(@PathVariable String id) {
        Bounty bounty = bounties.bounty(id, clock.now()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such bounty"));
        List<TimelineEvent> timeline = events.eventsOf(bounty.id()).stream()
                .map(event -> new TimelineEvent(event.block(), event.logIndex(), event.time(), event.txHash(), event.name(), event.payload(),
                        invalidCids(event)))
                .toList();
        String verifierProblem = bounty.phase().equals("Verifying") ? verifierProblems.of(bounty.id()).orElse(null) : null;
        return new BountyDetail(bounty, timeline, verifierProblem, proposal(bounty, timeline), disputes.disputesOf(bounty.id()),
                disputes.evidenceOf(bounty.id()));
    }

    /**
     * The proposal recorded on chain; during a silent verifier's Challenging, not yet recorded, its default: the
     * best revealed candidate (by score, then commit order) the verifier did not reject, as phaseOf takes it.
     */
    private Proposal proposal(Bounty bounty, List<TimelineEvent> timeline) {
        if (bounty.proposedWinner() != null) {
            String proposedIn = timeline.stream().filter(e -> e.name().equals("WinnerProposed")).reduce((first, last) -> last)
                    .map(TimelineEvent::txHash).orElse("");
            boolean byVerifier = timeline.stream().anyMatch(e -> e.name().equals("VerificationAttested") && e.txHash().equals(proposedIn));
            return new Proposal(bounty.proposedWinner().equals(BountyReadModel.NOBODY) ? null : bounty.proposedWinner(),
                    byVerifier ? "verifier" : "default");
        }
        if (!PROPOSING_PHASES.contains(bounty.phase())) {
            return null;
        }
        return leaderboard.of(bounty.id()).stream()
                .filter(entry -> entry.revealedScore() != null && entry.slashed() == null && !Boolean.FALSE.equals(entry.reproduced()))
                .findFirst()
                .map(head -> new Proposal(head.trainer(), "default"))
                .orElse(null);
    }

    private static List<String> invalidCids(ChainEvents.StoredEvent event) {
        List<String> invalid = new ArrayList<>();
        var fields = event.fields();
        var withParams = fields.has("params") ? fields.get("params") : fields; // BountyCreated carries its CIDs in params
        for (String field : CID_PAYLOAD_FIELDS) {
            if (withParams.has(field) && Cid.validOrNull(withParams.get(field).asText()) == null) {
                invalid.add(field);
            }
        }
        return invalid;
    }
}
