package io.modelmarket.verifier;

import io.modelmarket.bounty.ContentFetcher;
import io.modelmarket.bounty.FetchException;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.KuboRpcClient;
import io.modelmarket.verifier.Judgement.Verdict;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.SandboxGate;
import io.modelmarket.verify.SandboxedVerifier;
import io.modelmarket.verify.VerificationResult;
import io.modelmarket.verify.VerificationResult.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What any verifier does with a bounty in Verifying: it judges the revealed candidates best first, as the
 * contract ranks them, re-running each one's committed model on the opened test inputs against its revealed
 * predictions, and attests in batches as the runs finish. Its attestations are a proposal: a rejection pops the
 * candidate from the ranking (nothing is burned then), accepting one proposes it the winner, rejecting the last
 * proposes none; with more than one revealed candidate the proposal is open to dispute during Challenging, and
 * only the final winner decides who is burned (docs/protocol.md, "Disputes"). The server's verifier and the command line's
 * {@code verify} both call it, so both judge alike and publish the same report ({@link AttestationReport}).
 *
 * <p>Fail-safe: a candidate is rejected only when the round's own re-run completed and differs, when its model
 * broke a documented limit, or when its model is not in the content store that served the bounty's other files
 * (revealing includes uploading it). A run the verifier could not make (the worker did not start, the store does
 * not answer or serves bytes that do not match the CID) is inconclusive: the round stops there and attests
 * nothing about that candidate or any after it, since the contract accepts no lower candidate while a better one
 * is undecided; the rejections judged before it are still sent.
 *
 * <p>An attestation goes out when a candidate is accepted, when a run is inconclusive, when the ranking is worked
 * through, when {@link #MAX_PER_ATTESTATION} rejections wait, and before any run that might not finish (with the
 * attestation sent) before Verifying ends: no finished judgement is left unsent when the window closes.
 */
public final class VerificationRound {
    /** The most candidates one attestation judges: it bounds the transaction's gas. */
    public static final int MAX_PER_ATTESTATION = 16;
    /** The time kept for fetching a model before its run. */
    static final Duration FETCH_ALLOWANCE = Duration.ofMinutes(1);
    /** The time kept, by default, for publishing a report and mining its attestation. */
    public static final Duration DEFAULT_SEND_MARGIN = Duration.ofMinutes(1);

    /** Runs a model on the test inputs and compares with the revealed predictions: the sandbox, or a stand-in in tests. */
    @FunctionalInterface
    public interface ModelRun {
        VerificationResult run(byte[] model, Path testInputs, BountyMetadata metadata, byte[] revealed, byte[] labels) throws IOException;
    }

    /** Sends one attestation (its report already published) and returns once it is mined; throws when it was not. */
    @FunctionalInterface
    public interface Attester {
        void attest(Attestation attestation) throws Exception;
    }

    /** Hears of each candidate as its judgement starts and ends (to print or log it). */
    public interface Listener {
        default void judging(Candidate candidate) {}

        default void judged(Judgement judgement) {}
    }

    /**
     * A bounty in Verifying, as the round needs it.
     *
     * @param id the bounty id, {@code 0x}-hex
     * @param verifier the verifier's address (the report names it)
     * @param testInputs the test inputs, opened with the released key and checked
     * @param labels the revealed labels, one class index per byte
     * @param verifyingEnds when Verifying ends, in Unix seconds of the chain's clock: no attestation counts after it
     */
    public record Bounty(String id, String verifier, BountyMetadata metadata, Path testInputs, byte[] labels, long verifyingEnds) {}

    /**
     * What a round did.
     *
     * @param sent the attestations it sent, in order
     * @param inconclusive the run it could not make, where it stopped, or {@code null}
     * @param windowEnded whether it stopped because Verifying had ended
     */
    public record Outcome(List<Attestation> sent, Judgement inconclusive, boolean windowEnded) {
        /** Whether every candidate it was given was judged and attested. */
        public boolean complete() {
            return inconclusive == null && !windowEnded;
        }

        /** The accepted candidate's judgement, when the round found one. */
        public Optional<Judgement> accepted() {
            return sent.stream().filter(Attestation::acceptBest).map(Attestation::accepted).findFirst();
        }
    }

    private final ContentStore store;
    private final ContentFetcher fetcher;
    private final ModelRun run;
    private final long longestJudgementSeconds;
    private final LongSupplier chainNow;

    /**
     * @param store where the models and the reports are
     * @param run how a model is run
     * @param runLimit the longest one run takes (the sandbox's time limit)
     * @param sendMargin the time kept for publishing a report and mining its attestation
     * @param chainNow now, in Unix seconds of the chain's clock
     */
    public VerificationRound(ContentStore store, ModelRun run, Duration runLimit, Duration sendMargin, LongSupplier chainNow) {
        this.store = store;
        this.fetcher = new ContentFetcher(store);
        this.run = run;
        this.longestJudgementSeconds = runLimit.plus(FETCH_ALLOWANCE).plus(sendMargin).toSeconds();
        this.chainNow = chainNow;
    }

    /**
     * A round whose runs are sandboxed under {@code limits}, through {@code gate}: verification is background
     * work, so each run waits for a slot as long as it takes (outside the requests' bounded queue) and holds it
     * for that run only.
     */
    public static VerificationRound sandboxed(ContentStore store, ModelLimits limits, SandboxGate gate, Duration sendMargin, LongSupplier chainNow) {
        SandboxedVerifier sandbox = new SandboxedVerifier(limits, gate);
        ModelRun run = (model, testInputs, metadata, revealed, labels) -> {
            try (SandboxGate.Permit permit = gate.enterWaiting()) {
                return sandbox.verify(model, testInputs, metadata, revealed, labels, 1.0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for a sandbox slot", e);
            }
        };
        return new VerificationRound(store, run, limits.timeout(), sendMargin, chainNow);
    }

    /**
     * Judges {@code ranked} (the ranking's head first, as {@code rankedCandidates} answers) and attests through
     * {@code attester} as it goes; stops at the first accepted or inconclusive candidate.
     */
    public Outcome judge(Bounty bounty, List<Candidate> ranked, Attester attester, Listener listener) throws Exception {
        List<Attestation> sent = new ArrayList<>();
        List<Judgement> unsent = new ArrayList<>();
        for (Candidate candidate : ranked) {
            long now = chainNow.getAsLong();
            if (!unsent.isEmpty() && (unsent.size() >= MAX_PER_ATTESTATION || now + longestJudgementSeconds >= bounty.verifyingEnds())) {
                sent.add(send(bounty, unsent, false, attester));
            }
            if (now >= bounty.verifyingEnds()) {
                return new Outcome(sent, null, true);
            }
            listener.judging(candidate);
            Judgement judgement = judge(bounty, candidate);
            listener.judged(judgement);
            if (judgement.verdict() == Verdict.INCONCLUSIVE) {
                if (!unsent.isEmpty()) {
                    sent.add(send(bounty, unsent, false, attester));
                }
                return new Outcome(sent, judgement, false);
            }
            unsent.add(judgement);
            if (judgement.verdict() == Verdict.ACCEPTED) {
                sent.add(send(bounty, unsent, true, attester));
                return new Outcome(sent, null, false);
            }
        }
        if (!unsent.isEmpty()) {
            sent.add(send(bounty, unsent, false, attester));
        }
        return new Outcome(sent, null, false);
    }

    /** Publishes the report of {@code judged}, hands the attestation to {@code attester}, and empties {@code judged}. */
    private Attestation send(Bounty bounty, List<Judgement> judged, boolean acceptBest, Attester attester) throws Exception {
        Cid report = store.addAndPin(new ByteArrayInputStream(AttestationReport.of(bounty.id(), bounty.verifier(), acceptBest, judged)));
        Attestation attestation = new Attestation(bounty.id(), judged, acceptBest, report);
        attester.attest(attestation);
        judged.clear();
        return attestation;
    }

    /**
     * Judges one candidate without attesting: its model fetched and re-run against its revealed predictions (what the
     * arbitrator's operator does before ruling on a dispute).
     */
    public Judgement judge(Bounty bounty, Candidate candidate) {
        Cid cid;
        try {
            cid = Cid.parse(candidate.modelCid());
        } catch (IllegalArgumentException e) {
            return rejected(candidate, "the revealed model CID " + Cid.printable(candidate.modelCid()) + " is not a CID",
                    "Its revealed model CID " + Cid.printable(candidate.modelCid()) + " is not a CID, so no model can be run.");
        }
        byte[] model;
        try {
            model = fetcher.read(cid, "the model of " + candidate.trainer());
        } catch (IOException e) {
            if (e instanceof KuboRpcClient.NodeUnreachableException) {
                return inconclusive(candidate, "the content store did not give its model " + cid + " (" + e.getMessage() + ")");
            }
            if (e instanceof FetchException fetch && fetch.problem() == FetchException.Problem.CORRUPTED) {
                String why = fetch.getCause() != null ? fetch.getCause().getMessage() : fetch.reason(); // the store's own words when it noticed
                return inconclusive(candidate, "the content store did not give its model " + cid + " (" + why + ")");
            }
            // The store answered for the metadata and the test inputs: the model's absence is the trainer's doing.
            return rejected(candidate, "the model " + cid + " is not available from the content store",
                    "Its model " + cid + " is not in the content store that serves the bounty's other files (revealing includes uploading it).");
        }
        VerificationResult result;
        try {
            result = run.run(model, bounty.testInputs(), bounty.metadata(), candidate.predictions(), bounty.labels());
        } catch (IOException | RuntimeException e) {
            return inconclusive(candidate, "the run could not be made (" + e.getMessage() + ")");
        }
        return switch (result.status()) {
            case REPRODUCED -> new Judgement(candidate, Verdict.ACCEPTED, result, result.correct() < 0 // regression: no classes to be right on
                    ? "Its model is reproduced: " + sentenceEnd(result.explanation())
                    : String.format(Locale.ROOT, "Its model reproduced all %d revealed predictions; it is right on %d of them.", result.rows(),
                            result.correct()), model);
            case NOT_REPRODUCED -> new Judgement(candidate, Verdict.REJECTED, result, String.format(Locale.ROOT,
                    "Its model predicts otherwise than revealed on %d of %d rows (the first is row %d).", result.rows() - result.rowsMatched(),
                    result.rows(), result.mismatchingRows().isEmpty() ? -1 : result.mismatchingRows().get(0)), model);
            case FAILED -> new Judgement(candidate, Verdict.REJECTED, result,
                    "Its model cannot be run within the documented limits: " + sentenceEnd(result.explanation()), model);
            case INCONCLUSIVE -> new Judgement(candidate, Verdict.INCONCLUSIVE, result, inconclusiveExplanation(candidate, result.failure()), model);
        };
    }

    private static Judgement rejected(Candidate candidate, String failure, String explanation) {
        return new Judgement(candidate, Verdict.REJECTED, withoutRun(Status.FAILED, failure), explanation, null);
    }

    private static Judgement inconclusive(Candidate candidate, String why) {
        return new Judgement(candidate, Verdict.INCONCLUSIVE, withoutRun(Status.INCONCLUSIVE, why), inconclusiveExplanation(candidate, why), null);
    }

    /**
     * The sentence every verifier shows for a run it could not make (the server adds that it retries, the
     * command line that it must be run again).
     */
    private static String inconclusiveExplanation(Candidate candidate, String why) {
        String reason = why != null && why.startsWith(SANDBOX_PREFIX) ? why.substring(SANDBOX_PREFIX.length()) : why;
        return "The verifier could not run the model of " + candidate.trainer() + ": " + sentenceEnd(reason);
    }

    /** How the sandbox begins the reason of a run it could not make; the sentence above says it once. */
    private static final String SANDBOX_PREFIX = "the verifier could not run the model: ";

    private static VerificationResult withoutRun(Status status, String why) {
        return new VerificationResult(status, why, 0, 0, List.of(), -1, 0, null, null, 0);
    }

    private static String sentenceEnd(String text) {
        String stripped = text == null || text.isBlank() ? "no reason was given" : text.strip();
        return stripped.endsWith(".") ? stripped : stripped + ".";
    }
}
