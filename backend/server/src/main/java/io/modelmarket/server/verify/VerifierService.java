package io.modelmarket.server.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelmarket.bounty.ContentFetcher;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.chain.MarketLogs;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.FixedPoint;
import io.modelmarket.protocol.Hex;
import io.modelmarket.protocol.Scoring;
import io.modelmarket.server.registry.ModelRegistration;
import io.modelmarket.server.registry.ModelRegistry;
import io.modelmarket.server.web.Redaction;
import io.modelmarket.server.chain.ChainClock;
import io.modelmarket.server.indexer.BountyReadModel;
import io.modelmarket.server.indexer.BountyReadModel.Bounty;
import io.modelmarket.server.indexer.ChainEvents;
import io.modelmarket.server.indexer.IndexerLease;
import io.modelmarket.server.health.VerifierProblems;
import io.modelmarket.verifier.Attestation;
import io.modelmarket.verifier.Candidate;
import io.modelmarket.verifier.Judgement;
import io.modelmarket.verifier.VerificationRound;
import io.modelmarket.verify.ModelRejectedException;
import io.modelmarket.verify.VerificationResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple2;

/**
 * Verifies the bounties that name the server's verifier account, once Revealing has ended (the bounty's phase
 * is Verifying): it opens the sealed test inputs with the released key and hands the revealed candidates, best
 * first as the contract ranks them, to a {@link VerificationRound}, which re-runs each committed model in the
 * sandbox and attests in batches ({@code attestVerification(rejected[], acceptBest, reportCid)}) as the runs
 * finish. The accepted model is registered in the model registry. It works from the index and the chain, so it
 * picks up where it left off after a restart.
 *
 * <p>A run it could not make attests nothing about that candidate or those after it: the verifier notes the
 * sentence ({@link VerifierProblems}: health and the bounty API show it), logs it once, and tries the bounty
 * again after {@code retryAfter}.
 *
 * <p>It attests at most once per batch: only the server that holds the indexer lease verifies, a sent
 * attestation is recorded as soon as it is mined ({@link AttestationLedger}), and before a round it asks the
 * chain whether the best candidate already has this verifier's attestation (mined, or a transaction of this
 * account still pending: a server killed while waiting for its receipt).
 */
@Service
@ConditionalOnExpression("'${modelmarket.chain.enabled:true}' == 'true' && '${modelmarket.verifier.private-key:}' != ''")
public class VerifierService {
    private static final Logger LOG = LoggerFactory.getLogger(VerifierService.class);

    private final BountyReadModel bounties;
    private final ChainEvents events;
    private final ModelRegistry registry;
    private final ContentFetcher fetcher;
    private final VerificationRound round;
    private final VerifierAccount account;
    private final Web3j web3j;
    private final IndexerLease lease;
    private final AttestationLedger ledger;
    private final ChainClock clock;
    private final VerifierProblems problems;
    private final Duration retryAfter;
    /** Bounties whose sealed test inputs do not open: the requester's fault; the verifier stays silent (logged once). */
    private final Set<String> unopenable = ConcurrentHashMap.newKeySet();
    /** Bounties whose last round could not make a run, and when (this server's clock, ms) to try them again. */
    private final Map<String, Long> retryAt = new ConcurrentHashMap<>();

    VerifierService(BountyReadModel bounties, ChainEvents events, ContentStore store, ModelRegistry registry, VerificationRound round,
            VerifierAccount account, Web3j web3j, VerifierProperties properties, IndexerLease lease, AttestationLedger ledger, ChainClock clock,
            VerifierProblems problems) {
        this.bounties = bounties;
        this.events = events;
        this.web3j = web3j;
        this.lease = lease;
        this.ledger = ledger;
        this.clock = clock;
        this.registry = registry;
        this.problems = problems;
        this.retryAfter = properties.retryAfter();
        this.fetcher = new ContentFetcher(store);
        this.round = round;
        this.account = account;
    }

    /** The verifier's address. */
    public String address() {
        return account.address();
    }

    @Scheduled(initialDelayString = "${modelmarket.chain.poll-interval:1s}", fixedDelayString = "${modelmarket.chain.poll-interval:1s}")
    void scheduledRun() {
        try {
            verifyPending();
        } catch (Exception e) {
            LOG.warn("verification round failed, retrying next time: {}", Redaction.redact(e.getMessage()));
        }
    }

    /**
     * Verifies every bounty in Verifying that waits for this verifier; returns how many attestations it sent.
     * A bounty whose round fails (the store or the chain does not answer) does not keep the others from theirs;
     * the first failure is thrown once all had their turn.
     */
    public synchronized int verifyPending() throws Exception {
        if (!lease.acquire()) {
            return 0; // the server that holds the indexer lease verifies
        }
        List<String> verifying = bounties.bountiesVerifying(account.address(), clock.now());
        problems.retainOnly(verifying);
        List<String> due = verifying.stream()
                .filter(bountyId -> !unopenable.contains(bountyId) && retryAt.getOrDefault(bountyId, 0L) <= System.currentTimeMillis()).toList();
        AtomicInteger attested = new AtomicInteger();
        EachBounty.forEach(due, bountyId -> {
            try {
                attested.addAndGet(verify(bountyId));
            } catch (Exception e) {
                noteProblem(bountyId, "The verifier could not judge this bounty: " + Redaction.redact(e.getMessage()) + "; it tries again at its next round.");
                throw e;
            }
        });
        return attested.get();
    }

    /** One bounty's round, from the best candidate left; the attestations it sent. */
    private int verify(String bountyId) throws Exception {
        Tuple2<List<String>, List<BigInteger>> ranked = account.market().rankedCandidates(Hex.decode(bountyId, "bounty id"),
                BigInteger.valueOf(VerificationRound.MAX_PER_ATTESTATION)).send();
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < ranked.component1().size(); i++) {
            String trainer = ranked.component1().get(i).toLowerCase();
            Optional<JsonNode> reveal = events.latestEventOf(bountyId, "SubmissionRevealed", trainer);
            if (reveal.isEmpty()) {
                break; // the indexer has not read this reveal yet: judge the ones before it, the rest next round
            }
            candidates.add(new Candidate(trainer, ranked.component2().get(i).longValue(), reveal.get().get("modelCid").asText(),
                    Hex.decode(reveal.get().get("predictions").asText(), "predictions")));
        }
        if (candidates.isEmpty()) {
            return 0; // nobody left to judge (the chain has moved on; the indexer will see it)
        }
        Bounty bounty = bounties.bounty(bountyId, clock.now()).orElseThrow();
        if (ledger.recorded(new AttestationLedger.Batch(bountyId, candidates.get(0).trainer())) || attestedOnChain(bounty, candidates.get(0).trainer())) {
            return 0;
        }
        byte[] labels = Hex.decode(events.latestEvent(bountyId, "GroundTruthRevealed").orElseThrow().get("labels").asText(), "labels");
        BountyMetadata metadata = fetcher.metadata(Cid.parse(bounty.metadataCid()));
        VerificationRound.Outcome outcome;
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-verify-")) {
            Optional<Path> testInputs = openTestInputs(bounty, metadata, work);
            if (testInputs.isEmpty()) {
                return 0;
            }
            var judged = new VerificationRound.Bounty(bountyId, account.address(), metadata, testInputs.get(), labels, bounty.phaseDeadline());
            outcome = round.judge(judged, candidates, this::send, new VerificationRound.Listener() {
                @Override
                public void judged(Judgement judgement) {
                    LOG.info("bounty {}: {} {}: {}", bountyId, judgement.verdict().name().toLowerCase(), judgement.trainer(), judgement.explanation());
                }
            });
        }
        outcome.accepted().ifPresent(winner -> register(bountyId, metadata, labels, winner));
        if (outcome.inconclusive() != null) {
            retryAt.put(bountyId, System.currentTimeMillis() + retryAfter.toMillis());
            noteProblem(bountyId, outcome.inconclusive().explanation() + " Nothing is attested about it or the candidates after it; the verifier "
                    + "tries again in " + retryAfter.toSeconds() + " s.");
        } else {
            retryAt.remove(bountyId);
            problems.clear(bountyId);
        }
        return outcome.sent().size();
    }

    /** Sends one attestation of the round and records it in the ledger once it is mined. */
    private void send(Attestation attestation) throws Exception {
        TransactionReceipt receipt = account.sendToMarket(account.market().attestVerification(Hex.decode(attestation.bountyId(), "bounty id"),
                attestation.rejected(), attestation.acceptBest(), attestation.reportCid().toString()).encodeFunctionCall(), BigInteger.ZERO);
        ledger.record(new AttestationLedger.Batch(attestation.bountyId(), attestation.firstTrainer()), attestation.rejected().size(),
                attestation.acceptBest(), receipt.getTransactionHash(), attestation.reportCid().toString());
        LOG.info("bounty {}: rejected {}, {} (report {})", attestation.bountyId(), attestation.rejected(),
                attestation.acceptBest() ? "accepted " + attestation.accepted().trainer() : "accepted nobody", attestation.reportCid());
    }

    /** Notes what keeps the verifier from a bounty, logging it once (again only when it changes). */
    private void noteProblem(String bountyId, String sentence) {
        if (problems.note(bountyId, Redaction.redact(sentence))) {
            LOG.warn("bounty {}: {}", bountyId, Redaction.redact(sentence));
        }
    }

    /** Whether the chain already has this verifier's attestation of {@code firstTrainer}, or a transaction of it still pending. */
    private boolean attestedOnChain(Bounty bounty, String firstTrainer) throws IOException {
        String address = account.address();
        BigInteger mined = web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send().getTransactionCount();
        BigInteger pending = web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING).send().getTransactionCount();
        if (pending.compareTo(mined) > 0) {
            LOG.info("bounty {}: a transaction of the verifier is still pending; not attesting until it is mined", bounty.id());
            return true;
        }
        List<MarketEvent> attested = new MarketLogs(web3j, account.market().getContractAddress(), bounty.createdBlock())
                .of(BountyMarket.VERIFICATIONATTESTED_EVENT, bounty.id());
        if (attested.stream().anyMatch(event -> event.address("verifier").equals(address) && event.address("trainer").equals(firstTrainer))) {
            LOG.info("bounty {}: the chain already has this verifier's attestation of {}; not attesting again", bounty.id(), firstTrainer);
            return true;
        }
        return false;
    }

    /**
     * The test inputs opened with the released key and checked against the metadata, or empty when they cannot be
     * ({@link BountyTestInputs}): that is the requester's doing, not a candidate's, so the verifier stays silent (the
     * best candidate then wins when Verifying ends) and says so once in the log.
     */
    private Optional<Path> openTestInputs(Bounty bounty, BountyMetadata metadata, TemporaryFolder work) throws IOException {
        try {
            return Optional.of(BountyTestInputs.open(fetcher, bounty, metadata, work.resolve("test-inputs.csv")));
        } catch (BountyTestInputs.UnopenableException e) {
            return giveUp(bounty, e.getMessage());
        }
    }

    private Optional<Path> giveUp(Bounty bounty, String why) {
        unopenable.add(bounty.id());
        problems.note(bounty.id(), "The verifier cannot open the bounty's test inputs (" + why + "): that is the requester's doing, so it attests "
                + "nothing and the best candidate wins when Verifying ends.");
        LOG.error("bounty {}: cannot verify, {}; the verifier stays silent (the best candidate wins when Verifying ends)", bounty.id(), why);
        return Optional.empty();
    }

    /**
     * Registers the accepted model with its verified score on the test set: for classification the accuracy of the
     * verifier's re-run, for regression the mean absolute error of the winner's revealed predictions (which the re-run
     * reproduced within one unit, and which the contract scored) against the labels, in the target's unit and not
     * clipped at {@code maxError}.
     */
    private void register(String bountyId, BountyMetadata metadata, byte[] labels, Judgement winner) {
        VerificationResult result = winner.result();
        try {
            ModelRegistration registration = metadata.isRegression()
                    ? ModelRegistration.regression(metadata.title(), metadata.description(), winner.trainer(), bountyId, metadata.features(),
                            metadata.targetDecimals(), meanAbsoluteError(winner.candidate().predictions(), labels, metadata.targetDecimals()))
                    : new ModelRegistration(metadata.title(), metadata.description(), winner.trainer(), bountyId, metadata.features(),
                            metadata.classes(), (double) result.correct() / result.rows());
            registry.register(winner.model(), registration);
        } catch (IOException | ModelRejectedException | IllegalArgumentException e) {
            LOG.warn("bounty {}: the verified model could not be registered: {}", bountyId, e.getMessage());
        }
    }

    /** The mean of {@code |p − y|} over the fixed-point vectors, in the target's unit ({@code 10^decimals} units). */
    static double meanAbsoluteError(byte[] predictions, byte[] labels, int decimals) {
        int[] predicted = FixedPoint.decode(predictions);
        int[] actual = FixedPoint.decode(labels);
        long total = Scoring.absoluteErrors(predicted, actual, 0xFFFF_FFFFL); // no clip: |p − y| of two int32 is below 2^32; lengths checked
        if (predicted.length == 0) {
            throw new IllegalArgumentException("0 predictions for 0 labels");
        }
        return BigDecimal.valueOf(total).divide(BigDecimal.valueOf(predicted.length), MathContext.DECIMAL64).scaleByPowerOfTen(-decimals).doubleValue();
    }
}
