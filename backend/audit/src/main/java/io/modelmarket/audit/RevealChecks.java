package io.modelmarket.audit;

import io.modelmarket.bounty.BountyRecord;
import io.modelmarket.bounty.PayoutRules;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.Scoring;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.protocol.Hex;
import io.modelmarket.verify.SandboxedVerifier;
import io.modelmarket.verify.VerificationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit's checks of the trainers' reveals: each revealed model committed before the key's release
 * ({@code model.committedBeforeRelease}), its predictions committed and recounted ({@code reveal.commitments},
 * {@code reveal.count}, {@code reveal.outcome}), a candidate's model re-run in the sandbox ({@code model.reproduces}); and the
 * verifier's order over them ({@code ranking.candidates}).
 */
final class RevealChecks {
    /** What one trainer did, as replayed. */
    static final class Trainer extends ReplayedTrainer {
        MarketEvent modelCommit;
        Integer revealedScore;

        Trainer(String address) {
            super(address);
        }
    }

    private final DataChecks data;
    private final SandboxedVerifier sandbox;

    RevealChecks(DataChecks data, SandboxedVerifier sandbox) {
        this.data = data;
        this.sandbox = sandbox;
    }

    /** Every reveal: its model committed before the release, its predictions committed, its score recounted, its model re-run. */
    Map<String, Trainer> check(BountyRecord bounty, BountyHistory history, BountyMetadata metadata, Path testInputs, byte[] labels, Path work,
            List<Check> checks) {
        Map<String, Trainer> trainers = new LinkedHashMap<>();
        List<MarketEvent> events = bounty.events();
        for (int index = 0; index < events.size(); index++) {
            MarketEvent event = events.get(index);
            switch (event.name()) {
                case "ModelCommitted" -> {
                    Trainer trainer = trainers.computeIfAbsent(event.address("trainer"), Trainer::new);
                    trainer.sequence = event.number("sequence").intValue();
                    trainer.modelCommit = event;
                }
                case "PredictionsCommitted" -> trainers.computeIfAbsent(event.address("trainer"), Trainer::new).predictionsCommitment =
                        event.text("predictionsCommitment");
                case "ScoreClaimed" -> trainers.computeIfAbsent(event.address("trainer"), Trainer::new).claimed = event.number("score").intValue();
                case "SubmissionRevealed" -> {
                    Trainer trainer = trainers.computeIfAbsent(event.address("trainer"), Trainer::new);
                    trainer.revealedScore = event.number("score").intValue();
                    checkModelCommitment(bounty, event, trainer, checks);
                    boolean candidate = checkReveal(bounty, event, trainer, labels, events.subList(index + 1, events.size()), checks);
                    // A reveal the recount slashed is never the verifier's to judge: its model need not be published.
                    if (candidate) {
                        trainer.rerun = rerun(bounty, history, metadata, testInputs, event, labels, trainer, work, checks);
                    }
                }
                default -> { }
            }
        }
        return trainers;
    }

    /** model.committedBeforeRelease[trainer]: the revealed model CID and salt open a commitment made before the key's release. */
    private static void checkModelCommitment(BountyRecord bounty, MarketEvent reveal, Trainer trainer, List<Check> checks) {
        String name = "model.committedBeforeRelease[" + trainer.address + "]";
        MarketEvent release = bounty.first("KeyReleased").orElse(null);
        if (release == null || trainer.modelCommit == null) {
            checks.add(Check.fail(name, "a model was revealed without " + (release == null ? "a key release" : "a model commitment")));
            return;
        }
        String modelCid = reveal.text("modelCid");
        Bytes32 opened = Commitments.model(bounty.id(), EthAddress.fromHex(trainer.address), modelCid, Bytes32.fromHex(reveal.text("modelSalt")));
        long committedIn = trainer.modelCommit.block();
        List<String> problems = new ArrayList<>();
        if (!opened.toHex().equalsIgnoreCase(trainer.modelCommit.text("modelCommitment"))) {
            problems.add("the revealed model " + AuditChecks.shown(modelCid) + " and its salt give " + opened.toHex()
                    + ", not the commitment " + trainer.modelCommit.text("modelCommitment") + " of block " + committedIn);
        }
        if (committedIn >= release.block()) {
            problems.add("the model was committed in block " + committedIn + ", not before the key's release in block " + release.block());
        }
        checks.add(Check.of(name, problems.isEmpty(), "the revealed model " + AuditChecks.shown(modelCid) + " is the one committed in block "
                + committedIn + ", before the key's release in block " + release.block(), String.join("; ", problems)));
    }

    /** reveal.commitments, reveal.count and reveal.outcome of one reveal; whether its claim holds, which makes it a candidate. */
    private static boolean checkReveal(BountyRecord bounty, MarketEvent reveal, Trainer trainer, byte[] labels, List<MarketEvent> after,
            List<Check> checks) {
        String who = "[" + trainer.address + "]";
        byte[] predictions = Hex.decode(reveal.text("predictions"), "predictions");
        Bytes32 opened = Commitments.predictions(bounty.id(), EthAddress.fromHex(trainer.address), predictions,
                Bytes32.fromHex(reveal.text("predictionsSalt")));
        checks.add(Check.of("reveal.commitments" + who, opened.toHex().equalsIgnoreCase(trainer.predictionsCommitment),
                "the revealed predictions and salt open the predictions commitment made after the key's release",
                "the revealed predictions and salt give " + opened.toHex() + ", not the committed " + trainer.predictionsCommitment));
        Scoring.Metric metric = Scoring.Metric.ofIndex(bounty.number("metric").intValueExact());
        long counted = labels == null ? -1 : recount(bounty, metric, predictions, labels);
        // scores are uint32 on chain; the events' numbers are read as int, which wraps above 2^31 - 1
        long recorded = Integer.toUnsignedLong(trainer.revealedScore);
        String what = metric == Scoring.Metric.ACCURACY ? counted + " of " + predictions.length + " predictions are correct"
                : "the predictions score " + counted + " (mean absolute error, maxError " + bounty.number("maxError") + ")";
        checks.add(Check.of("reveal.count" + who, counted == recorded, what + ", as recorded",
                metric == Scoring.Metric.ACCURACY ? "recounted " + counted + " correct predictions; the event records " + recorded
                        : "recounted a score of " + counted + "; the event records " + recorded));
        boolean slashedForScore = after.stream().takeWhile(e -> e.transactionHash().equals(reveal.transactionHash()))
                .anyMatch(e -> e.name().equals("SubmissionSlashed") && e.address("trainer").equals(trainer.address)
                        && MarketEnums.slashReason(e.number("reason").intValue()).equals("ScoreMismatch"));
        boolean claimHolds = trainer.claimed != null && Integer.toUnsignedLong(trainer.claimed) == counted;
        checks.add(Check.of("reveal.outcome" + who, claimHolds != slashedForScore,
                claimHolds ? "claimed " + trainer.claimed + ", counted the same: a candidate"
                        : "claimed " + trainer.claimed + " but " + counted + " are correct: slashed (ScoreMismatch)",
                claimHolds ? "the claim of " + trainer.claimed + " holds, yet the submission was slashed for its score"
                        : "claimed " + trainer.claimed + " but " + counted + " are correct, yet the submission was not slashed"));
        return claimHolds;
    }

    /**
     * The auditor's own score of {@code predictions}, as {@code Scoring} on chain computes it; -1 when they cannot be
     * scored against the labels (another length, not whole fixed-point items).
     */
    private static long recount(BountyRecord bounty, Scoring.Metric metric, byte[] predictions, byte[] labels) {
        if (metric == Scoring.Metric.ACCURACY) {
            return Commitments.countMatches(predictions, labels);
        }
        try {
            return Scoring.score(metric, bounty.number("maxError").longValueExact(), predictions, labels);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return -1;
        }
    }

    /**
     * model.reproduces[trainer]: the revealed model re-run in the sandbox on the opened test inputs. A run the audit
     * cannot make (no test inputs, no model from the store, a sandbox that does not start) is inconclusive.
     */
    private VerificationResult rerun(BountyRecord bounty, BountyHistory history, BountyMetadata metadata, Path testInputs, MarketEvent reveal,
            byte[] labels, Trainer trainer, Path work, List<Check> checks) {
        String name = "model.reproduces[" + trainer.address + "]";
        if (metadata == null || testInputs == null) {
            checks.add(Check.inconclusive(name, "inconclusive: the model cannot be re-run without the metadata and the opened test inputs"
                    + " (see data.files and data.sealedInputs)"));
            return null;
        }
        List<String> problems = new ArrayList<>();
        String modelCid = reveal.text("modelCid");
        Path model = data.fetch(() -> BountyRecord.parseCid(modelCid, "model of " + trainer.address, bounty.id()), modelCid, "the model",
                work.resolve("model-" + trainer.address + ".onnx"), problems);
        if (model == null) {
            checks.add(Check.inconclusive(name, "inconclusive: the audit could not fetch the model to re-run it: " + String.join("; ", problems)));
            return null;
        }
        try {
            VerificationResult result = sandbox.verify(Files.readAllBytes(model), testInputs, metadata,
                    Hex.decode(reveal.text("predictions"), "predictions"), labels, 1.0);
            checks.add(AuditChecks.reproduction(history, trainer.address, result));
            return result;
        } catch (IOException | RuntimeException e) {
            checks.add(Check.inconclusive(name, "inconclusive: the audit could not re-run the model: " + e.getMessage()));
            return null;
        }
    }

    /**
     * ranking.candidates: the verifier attested the candidates (reveals that matched their claims) best first,
     * accepting at most the last it named, and the proposal, and the winner unless a dispute was ruled, is the best
     * candidate it did not reject.
     */
    static void checkRanking(BountyRecord bounty, Map<String, Trainer> trainers, List<Check> checks) {
        List<String> ranked = trainers.values().stream().filter(t -> t.revealedScore != null && t.revealedScore.equals(t.claimed))
                .sorted((a, b) -> PayoutRules.ranksBefore(a.revealedScore, a.sequence, b.revealedScore, b.sequence) ? -1
                        : PayoutRules.ranksBefore(b.revealedScore, b.sequence, a.revealedScore, a.sequence) ? 1 : 0)
                .map(t -> t.address).toList();
        if (ranked.isEmpty()) {
            return;
        }
        List<MarketEvent> attestations = bounty.events().stream().filter(e -> e.name().equals("VerificationAttested")).toList();
        List<String> attested = attestations.stream().map(e -> e.address("trainer")).toList();
        List<String> problems = new ArrayList<>();
        if (attested.size() > ranked.size() || !ranked.subList(0, attested.size()).equals(attested)) {
            problems.add("the verifier attested " + attested + " in that order, but the candidates rank " + ranked);
        }
        for (int i = 0; i < attestations.size() - 1; i++) {
            if (Boolean.parseBoolean(attestations.get(i).text("reproduced"))) {
                problems.add("the verifier accepted " + attested.get(i) + " and then attested another candidate");
            }
        }
        Set<String> rejected = new HashSet<>();
        attestations.stream().filter(e -> !Boolean.parseBoolean(e.text("reproduced"))).forEach(e -> rejected.add(e.address("trainer")));
        String best = ranked.stream().filter(t -> !rejected.contains(t)).findFirst().orElse(null);
        // A ruled dispute decides the winner instead (disputes.rulings checks it).
        boolean ruled = bounty.first("DisputeRuled").isPresent();
        bounty.first("BountyCompleted").map(e -> e.address("winner")).filter(winner -> !ruled && !winner.equals(best))
                .ifPresent(winner -> problems.add("the winner is " + winner + ", but the best candidate not rejected is " + best));
        bounty.events().stream().filter(e -> e.name().equals("WinnerProposed")).map(e -> e.address("winner")).findFirst()
                .filter(proposal -> !proposal.equals(best == null ? "0x0000000000000000000000000000000000000000" : best))
                .ifPresent(proposal -> problems.add("the proposal is " + proposal + ", but the best candidate not rejected is " + best));
        checks.add(Check.of("ranking.candidates", problems.isEmpty(), "candidates by score, then commit order: " + ranked
                + "; attested best first" + (best == null ? ", every one rejected" : "; the best not rejected is " + best),
                String.join("; ", problems)));
    }
}
