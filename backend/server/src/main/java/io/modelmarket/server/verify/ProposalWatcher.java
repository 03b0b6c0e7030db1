package io.modelmarket.server.verify;

import io.modelmarket.bounty.ContentFetcher;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dispute.DisputeEvidence;
import io.modelmarket.dispute.RankingReview;
import io.modelmarket.dispute.VerificationProposal;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Hex;
import io.modelmarket.server.chain.ChainClock;
import io.modelmarket.server.indexer.BountyReadModel;
import io.modelmarket.server.indexer.BountyReadModel.Bounty;
import io.modelmarket.server.indexer.ChainEvents;
import io.modelmarket.server.indexer.IndexerLease;
import io.modelmarket.server.web.Redaction;
import io.modelmarket.verifier.AttestationReport;
import io.modelmarket.verifier.Judgement;
import io.modelmarket.verifier.VerificationRound;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Watches the proposals the server's verifier account did not make (another verifier's, or a silent verifier's
 * default: the best candidate left) while they are open to dispute, and disputes the ones its own re-runs do not
 * confirm (docs/server.md, "Disputing proposals"). For each bounty in Challenging not yet disputed it re-runs every
 * revealed candidate, popped ones included, best first ({@link RankingReview}); when the ruling the re-runs point to
 * is not the proposal (its winner does not reproduce, a better candidate does, or one reproduces where the proposal
 * is nobody) it publishes its report as ERC-1497 evidence and calls {@code disputeVerification}, paying the
 * arbitration fee and a deposit of one stake from the account. Off unless {@code modelmarket.verifier.dispute-proposals}
 * is true. Like the verifier, only the server that holds the indexer lease watches.
 */
@Service
@ConditionalOnExpression("'${modelmarket.chain.enabled:true}' == 'true' && '${modelmarket.verifier.private-key:}' != ''"
        + " && '${modelmarket.verifier.dispute-proposals:false}' == 'true'")
public class ProposalWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ProposalWatcher.class);
    /** More bounties than ever stand in Challenging at once; the rest wait for the next round. */
    private static final int MOST_PER_ROUND = 1000;

    private final BountyReadModel bounties;
    private final ChainEvents events;
    private final ContentStore store;
    private final ContentFetcher fetcher;
    private final VerificationRound round;
    private final VerifierAccount account;
    private final IndexerLease lease;
    private final ChainClock clock;
    private final Duration retryAfter;
    /** Bounties the watcher is done with: disputed, confirmed, its own proposal, or test inputs that do not open. */
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    /** Bounties whose last review could not make a run, and when (this server's clock, ms) to try them again. */
    private final Map<String, Long> retryAt = new ConcurrentHashMap<>();

    ProposalWatcher(BountyReadModel bounties, ChainEvents events, ContentStore store, VerificationRound round, VerifierAccount account,
            IndexerLease lease, ChainClock clock, VerifierProperties properties) {
        this.bounties = bounties;
        this.events = events;
        this.store = store;
        this.fetcher = new ContentFetcher(store);
        this.round = round;
        this.account = account;
        this.lease = lease;
        this.clock = clock;
        this.retryAfter = properties.retryAfter();
    }

    @Scheduled(initialDelayString = "${modelmarket.chain.poll-interval:1s}", fixedDelayString = "${modelmarket.chain.poll-interval:1s}")
    void scheduledRun() {
        try {
            disputePending();
        } catch (Exception e) {
            LOG.warn("proposal review failed, retrying next time: {}", Redaction.redact(e.getMessage()));
        }
    }

    /**
     * Reviews every bounty in Challenging that it is not done with and disputes the proposals its re-runs do not
     * confirm; returns the arbitrator's ids of the disputes it raised. A bounty whose review fails does not keep
     * the others from theirs; the first failure is thrown once all had their turn.
     */
    public synchronized List<BigInteger> disputePending() throws Exception {
        if (!lease.acquire()) {
            return List.of();
        }
        List<BigInteger> raised = new ArrayList<>();
        List<Bounty> challenging = bounties.bounties("Challenging", null, MOST_PER_ROUND, 0, clock.now()).stream()
                .filter(bounty -> !done.contains(bounty.id()) && retryAt.getOrDefault(bounty.id(), 0L) <= System.currentTimeMillis()).toList();
        EachBounty.forEach(challenging, bounty -> review(bounty).ifPresent(raised::add));
        return raised;
    }

    /** Reviews one bounty's proposal; the dispute it raised, if any. */
    private Optional<BigInteger> review(Bounty bounty) throws Exception {
        String id = bounty.id();
        if (bounty.storedPhase().equals("Challenging") && bounty.verifier().equals(account.address())) {
            return finish(id, "the proposal is this account's own attestation"); // the verifier's round judged it
        }
        Bytes32 bountyId = Bytes32.fromHex(id);
        BountyMarket market = account.market();
        BountyMarket.Bounty onChain = market.getBounty(bountyId.toByteArray()).send();
        if (onChain.verificationDisputed) {
            return finish(id, "its verification is disputed already (others add evidence to that dispute)");
        }
        String proposed = VerificationProposal.winner(market, bountyId, onChain);
        List<RankingReview.Reveal> reveals = events.eventsOf(id).stream().filter(event -> event.name().equals("SubmissionRevealed"))
                .map(event -> new RankingReview.Reveal(event.trainer(), event.fields().path("modelCid").asText(),
                        event.fields().path("predictions").asText()))
                .toList();
        List<RankingReview.Choice> choices = RankingReview.choices(market, bountyId, reveals);
        int noWinner = RankingReview.noWinner(market, bountyId);
        byte[] labels = Hex.decode(events.latestEvent(id, "GroundTruthRevealed").orElseThrow().get("labels").asText(), "labels");
        BountyMetadata metadata = fetcher.metadata(Cid.parse(bounty.metadataCid()));
        RankingReview.Outcome outcome;
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-review-")) {
            var judged = new VerificationRound.Bounty(id, account.address(), metadata,
                    BountyTestInputs.open(fetcher, bounty, metadata, work.resolve("test-inputs.csv")), labels, Long.MAX_VALUE);
            outcome = RankingReview.review(round, judged, choices, noWinner, new VerificationRound.Listener() {
                @Override
                public void judged(Judgement judgement) {
                    LOG.info("bounty {}: review: {} {}: {}", id, judgement.verdict().name().toLowerCase(), judgement.trainer(), judgement.explanation());
                }
            });
        } catch (BountyTestInputs.UnopenableException e) {
            return finish(id, "its test inputs cannot be opened (" + e.getMessage() + ")");
        }
        if (outcome.ruling().isEmpty()) {
            retryAt.put(id, System.currentTimeMillis() + retryAfter.toMillis());
            LOG.info("bounty {}: a re-run could not be made; the review is tried again in {} s", id, retryAfter.toSeconds());
            return Optional.empty();
        }
        int ruling = outcome.ruling().getAsInt();
        int proposedRuling = choices.stream().filter(choice -> choice.candidate().trainer().equals(proposed)).mapToInt(RankingReview.Choice::ruling)
                .findFirst().orElse(noWinner);
        if (ruling == proposedRuling) {
            return finish(id, "the re-runs confirm the proposal (" + VerificationProposal.describe(proposed) + ")");
        }
        return dispute(bounty, bountyId, proposed, outcome, choices);
    }

    /** Publishes the review as evidence and disputes the proposal, with the fee and the deposit. */
    private Optional<BigInteger> dispute(Bounty bounty, Bytes32 bountyId, String proposed, RankingReview.Outcome outcome, List<RankingReview.Choice> choices)
            throws Exception {
        String id = bounty.id();
        BountyMarket market = account.market();
        String phase = MarketEnums.phase(market.phaseOf(bountyId.toByteArray()).send().intValue());
        if (!phase.equals("Challenging")) {
            return finish(id, "the bounty is " + phase + " now, after its review");
        }
        int ruling = outcome.ruling().getAsInt();
        String found = ruling == outcome.noWinner() ? "no revealed candidate's model reproduces its predictions"
                : "the best revealed candidate whose model reproduces its predictions is " + choices.stream()
                        .filter(choice -> choice.ruling() == ruling).findFirst().orElseThrow().candidate().trainer();
        String description = "The verifier " + account.address() + " re-ran every revealed candidate's committed model, best first: " + found
                + " (ruling " + ruling + "), whereas the proposal is that " + VerificationProposal.describe(proposed)
                + ". The file is its verification report, one entry per re-run.";
        byte[] report = AttestationReport.of(id, account.address(), ruling != outcome.noWinner(), outcome.judgements());
        String evidence = DisputeEvidence.publish(store, new ByteArrayInputStream(report), "json", "Re-runs of bounty " + id, description);
        BigInteger fee = market.arbitrationCost().send();
        BigInteger deposit = bounty.trainerStake().value();
        if (account.token().allowance(account.address(), market.getContractAddress()).send().compareTo(deposit) < 0) {
            account.sendToToken(account.token().approve(market.getContractAddress(), deposit).encodeFunctionCall());
        }
        TransactionReceipt receipt = account.sendToMarket(market.disputeVerification(bountyId.toByteArray(), evidence, fee).encodeFunctionCall(), fee);
        BigInteger disputeId = BountyMarket.getDisputeRaisedEvents(receipt).get(0).disputeId;
        done.add(id);
        retryAt.remove(id);
        LOG.info("bounty {}: disputed the proposal ({}): {} (ruling {}); dispute {}, evidence {}", id, VerificationProposal.describe(proposed), found,
                ruling, disputeId, evidence);
        return Optional.of(disputeId);
    }

    private Optional<BigInteger> finish(String bountyId, String why) {
        done.add(bountyId);
        retryAt.remove(bountyId);
        LOG.info("bounty {}: no dispute: {}", bountyId, why);
        return Optional.empty();
    }
}
