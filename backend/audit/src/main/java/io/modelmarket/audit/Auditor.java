package io.modelmarket.audit;

import io.modelmarket.chain.MarketEvent;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.CsvReader;
import io.modelmarket.dataset.SplitReplay;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.protocol.Hex;
import io.modelmarket.verify.BountyModelVerifier;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.VerificationResult;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays one bounty from its events and its IPFS files and checks every step against the protocol
 * (docs/protocol.md): the bounty id, the published files, the ground truth against its commitment, the split
 * against the revealed salt, every
 * candidate's reveal against its commitments and the labels, the ranking, every revealed model re-run in the
 * sandbox, every credit against the payout rules, the bounty's escrow, and the market's balance invariant.
 * It trusts the chain's events and the CIDs, nothing else.
 */
public final class Auditor {

    private final ContentStore store;
    private final BountyModelVerifier verifier;

    public Auditor(ContentStore store, ModelLimits limits) {
        this.store = store;
        this.verifier = new BountyModelVerifier(store, limits);
    }

    /** What one trainer did, as replayed. */
    private static final class Trainer extends ReplayedTrainer {
        String modelCommitment;

        Trainer(String address) {
            super(address);
        }
    }

    public AuditReport audit(BountyHistory history) {
        List<Check> checks = new ArrayList<>();
        MarketEvent created = history.first("BountyCreated").orElse(null);
        if (created == null) {
            return AuditReport.unknownBounty(history, "BountyCreated");
        }
        checks.add(AuditChecks.bountyId(history, created.text("requester"), created.number("nonce")));
        BountyMetadata metadata = checkFiles(created, checks);
        byte[] labels = checkGroundTruth(history, created, checks);
        checkSplit(history, created, metadata, labels, checks);
        Map<String, Trainer> trainers = new LinkedHashMap<>();
        checkReveals(history, created, labels, metadata, trainers, checks);
        checkRanking(history, trainers, checks);
        checkPayouts(history, created, checks);
        checkMoney(history, created, checks);

        return AuditReport.of(history, checks, trainers.values(), metadata == null ? List.of() : metadata.classes());
    }

    /** The three files by CID, and the metadata against the parameters on chain; returns the metadata (null if unreadable). */
    private BountyMetadata checkFiles(MarketEvent created, List<Check> checks) {
        List<String> problems = new ArrayList<>();
        long testRows = -1;
        try (InputStream in = store.cat(Cid.parse(created.text("trainingCid")))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            problems.add("training data " + AuditChecks.shown(created.text("trainingCid")) + ": " + e.getMessage());
        }
        try (InputStream in = store.cat(Cid.parse(created.text("testInputsCid")))) {
            testRows = countRows(in);
        } catch (IOException | RuntimeException e) {
            problems.add("test inputs " + AuditChecks.shown(created.text("testInputsCid")) + ": " + e.getMessage());
        }
        BountyMetadata metadata = null;
        try {
            metadata = verifier.metadata(Cid.parse(created.text("metadataCid")).toString());
        } catch (IOException | RuntimeException e) {
            problems.add("metadata " + AuditChecks.shown(created.text("metadataCid")) + ": " + e.getMessage());
        }
        checks.add(Check.of("data.files", problems.isEmpty(), "training data, test inputs and metadata are available and match their CIDs",
                String.join("; ", problems)));
        if (metadata != null && testRows >= 0) {
            long testSize = created.number("testSize").longValue();
            int numClasses = created.number("numClasses").intValue();
            List<String> mismatches = new ArrayList<>();
            if (testRows != testSize) {
                mismatches.add("the test inputs have " + testRows + " rows, the bounty says testSize " + testSize);
            }
            if (metadata.classes().size() != numClasses) {
                mismatches.add("the metadata lists " + metadata.classes().size() + " classes, the bounty says numClasses " + numClasses);
            }
            checks.add(Check.of("data.consistent", mismatches.isEmpty(),
                    testRows + " test rows and " + numClasses + " classes, as on chain", String.join("; ", mismatches)));
        }
        return metadata;
    }

    private static long countRows(InputStream in) throws IOException {
        CsvReader reader = new CsvReader(in, "test inputs");
        long rows = 0;
        while (reader.next() != null) {
            rows++;
        }
        return rows;
    }

    /** The revealed labels against the commitment; returns them (null if not revealed). */
    private static byte[] checkGroundTruth(BountyHistory history, MarketEvent created, List<Check> checks) {
        MarketEvent reveal = history.first("GroundTruthRevealed").orElse(null);
        if (reveal == null) {
            return null;
        }
        byte[] labels = Hex.decode(reveal.text("labels"), "labels");
        Bytes32 commitment = Commitments.groundTruth(Bytes32.fromHex(history.bountyId()), labels, Bytes32.fromHex(reveal.text("salt")));
        checks.add(Check.of("groundTruth.commitment", commitment.toHex().equalsIgnoreCase(created.text("groundTruthCommitment")),
                "the revealed labels and salt open the commitment made at creation",
                "sha256(bountyId, labels, salt) is " + commitment.toHex() + ", the commitment is " + created.text("groundTruthCommitment")));
        checks.add(AuditChecks.labels(labels, created.number("testSize").intValue(), created.number("numClasses").intValue(), reveal));
        return labels;
    }

    /**
     * The split, once the labels and salt are revealed: the published test rows must be the ones the salt draws, in
     * its order (docs/datasets.md, "Replaying a split"). Skipped before the reveal, and when the files are unreadable
     * (data.files fails then).
     */
    private void checkSplit(BountyHistory history, MarketEvent created, BountyMetadata metadata, byte[] labels, List<Check> checks) {
        MarketEvent reveal = history.first("GroundTruthRevealed").orElse(null);
        boolean filesRead = checks.stream().noneMatch(c -> c.name().equals("data.files") && !c.passed());
        if (reveal == null || labels == null || metadata == null || !filesRead) {
            return;
        }
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-audit-")) {
            Path training = work.resolve("training.csv");
            Path testInputs = work.resolve("test-inputs.csv");
            try (InputStream in = store.cat(Cid.parse(created.text("trainingCid")))) {
                Files.copy(in, training);
            }
            try (InputStream in = store.cat(Cid.parse(created.text("testInputsCid")))) {
                Files.copy(in, testInputs);
            }
            SplitReplay.Outcome outcome = SplitReplay.replay(training, testInputs, metadata, labels, Bytes32.fromHex(reveal.text("salt")));
            checks.add(Check.of("data.split", outcome.replays(), outcome.detail(), outcome.detail()));
        } catch (IOException | RuntimeException e) {
            checks.add(Check.fail("data.split", "the split could not be replayed: " + e.getMessage()));
        }
    }

    /** Every candidate reveal: commitments opened, count recomputed, outcome as the rules say, model re-run. */
    private void checkReveals(BountyHistory history, MarketEvent created, byte[] labels, BountyMetadata metadata, Map<String, Trainer> trainers,
            List<Check> checks) {
        Bytes32 bountyId = Bytes32.fromHex(history.bountyId());
        List<MarketEvent> events = history.events();
        for (int index = 0; index < events.size(); index++) {
            MarketEvent event = events.get(index);
            switch (event.name()) {
                case "SubmissionCommitted" -> {
                    Trainer trainer = trainers.computeIfAbsent(event.address("trainer"), Trainer::new);
                    trainer.sequence = event.number("sequence").intValue();
                    trainer.predictionsCommitment = event.text("predictionsCommitment");
                    trainer.modelCommitment = event.text("modelCommitment");
                    trainer.claimed = null;
                }
                case "AccuracyClaimed" -> {
                    Trainer trainer = trainers.get(event.address("trainer"));
                    trainer.claimed = event.number("claimed").intValue();
                }
                case "CandidateRevealed" -> {
                    Trainer trainer = trainers.get(event.address("trainer"));
                    checkReveal(bountyId, event, trainer, labels, events.subList(index + 1, events.size()), checks);
                    trainer.rerun = rerun(created, metadata, event, labels, trainer, history, checks);
                }
                default -> { }
            }
        }
    }

    private static void checkReveal(Bytes32 bountyId, MarketEvent reveal, Trainer trainer, byte[] labels, List<MarketEvent> after, List<Check> checks) {
        String who = "[" + trainer.address + "]";
        byte[] predictions = Hex.decode(reveal.text("predictions"), "predictions");
        EthAddress address = EthAddress.fromHex(trainer.address);
        boolean predictionsOpen = Commitments.predictions(bountyId, address, predictions, Bytes32.fromHex(reveal.text("predictionsSalt")))
                .toHex().equalsIgnoreCase(trainer.predictionsCommitment);
        boolean modelOpens = Commitments.model(bountyId, address, reveal.text("modelCid"), Bytes32.fromHex(reveal.text("modelSalt")))
                .toHex().equalsIgnoreCase(trainer.modelCommitment);
        checks.add(Check.of("reveal.commitments" + who, predictionsOpen && modelOpens,
                "the revealed predictions and model CID open the commitments made at submission",
                (predictionsOpen ? "" : "the predictions do not open the predictions commitment; ")
                        + (modelOpens ? "" : "the model CID does not open the model commitment")));
        int counted = labels == null ? -1 : Commitments.countMatches(predictions, labels);
        int recorded = reveal.number("correct").intValue();
        checks.add(Check.of("reveal.count" + who, counted == recorded, counted + " of " + predictions.length + " predictions are correct, as recorded",
                "recounted " + counted + " correct predictions; the event records " + recorded));
        boolean slashedForCount = after.stream().takeWhile(e -> !e.name().equals("CandidateRevealed"))
                .anyMatch(e -> e.name().equals("CandidateSlashed") && e.address("trainer").equals(trainer.address)
                        && MarketEnums.slashReason(e.number("reason").intValue()).equals("CountMismatch"));
        boolean claimHolds = trainer.claimed != null && trainer.claimed == counted;
        checks.add(Check.of("reveal.outcome" + who, claimHolds != slashedForCount,
                claimHolds ? "claimed " + trainer.claimed + ", counted the same: not slashed for the count"
                        : "claimed " + trainer.claimed + " but " + counted + " are correct: slashed (CountMismatch)",
                claimHolds ? "the claim of " + trainer.claimed + " holds, yet the candidate was slashed for its count"
                        : "claimed " + trainer.claimed + " but " + counted + " are correct, yet the candidate was not slashed"));
    }

    /** Re-runs a revealed model; the winner's must reproduce, and every attestation must agree with the re-run. */
    private VerificationResult rerun(MarketEvent created, BountyMetadata metadata, MarketEvent reveal, byte[] labels, Trainer trainer,
            BountyHistory history, List<Check> checks) {
        String name = "model.reproduces[" + trainer.address + "]";
        if (metadata == null) {
            checks.add(Check.fail(name, "the model cannot be re-run without the bounty metadata"));
            return null;
        }
        VerificationResult result;
        try {
            byte[] model = verifier.model(Cid.parse(reveal.text("modelCid")).toString());
            result = verifier.verify(metadata, created.text("testInputsCid"), model, Hex.decode(reveal.text("predictions"), "predictions"), labels);
        } catch (IOException | RuntimeException e) {
            checks.add(Check.fail(name, "the model could not be re-run: " + e.getMessage()));
            return null;
        }
        checks.add(AuditChecks.reproduction(history, trainer.address, result));
        return result;
    }

    /** The candidates were chosen best claim first (count descending, then commit order). */
    private static void checkRanking(BountyHistory history, Map<String, Trainer> trainers, List<Check> checks) {
        List<String> selected = history.all("CandidateSelected").stream().map(e -> e.address("trainer")).toList();
        if (selected.isEmpty()) {
            return;
        }
        List<String> ranked = trainers.values().stream().filter(t -> t.claimed != null)
                .sorted(Comparator.comparingInt((Trainer t) -> -t.claimed).thenComparingInt(t -> t.sequence))
                .map(t -> t.address).toList();
        boolean prefix = selected.size() <= ranked.size() && ranked.subList(0, selected.size()).equals(selected);
        checks.add(Check.of("ranking.candidates", prefix, "candidates in claim order: " + selected,
                "candidates were " + selected + " but the claims rank " + ranked));
    }

    /** Replays the payout rules over the events and compares with every credit the contract recorded. */
    private static void checkPayouts(BountyHistory history, MarketEvent created, List<Check> checks) {
        BigInteger reward = created.number("reward");
        BigInteger stake = created.number("trainerStake");
        String requester = created.address("requester");
        Map<String, String> status = new HashMap<>();
        Map<String, BigInteger> expected = new TreeMap<>();
        Map<String, BigInteger> actual = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        String phase = "Open";
        BigInteger share = BigInteger.ZERO;
        for (MarketEvent event : history.events()) {
            String trainer = event.fields().has("trainer") ? event.address("trainer") : null;
            switch (event.name()) {
                case "SubmissionCommitted" -> status.put(trainer, "Committed");
                case "SubmissionWithdrawn" -> {
                    status.put(trainer, "Withdrawn");
                    AuditChecks.credit(expected, trainer, stake);
                }
                case "AccuracyClaimed" -> status.put(trainer, "Claimed");
                case "PhaseChanged" -> {
                    phase = MarketEnums.phase(event.number("phase").intValue());
                    if (phase.equals("Cancelled") || phase.equals("RequesterSlashed")) {
                        long live = status.values().stream().filter("Committed"::equals).count();
                        share = live == 0 ? BigInteger.ZERO : reward.divide(BigInteger.valueOf(live));
                        AuditChecks.credit(expected, requester, reward.subtract(share.multiply(BigInteger.valueOf(live))));
                    } else if (phase.equals("Refunded")) {
                        AuditChecks.credit(expected, requester, reward);
                    }
                }
                case "RewardSplit" -> {
                    long live = status.values().stream().filter("Committed"::equals).count();
                    if (event.number("liveSubmissions").longValue() != live || !event.number("payoutPerSubmission").equals(share)) {
                        problems.add("RewardSplit says " + event.number("liveSubmissions") + " live submissions get "
                                + event.number("payoutPerSubmission") + " each; the replay has " + live + " getting " + share);
                    }
                }
                case "CandidateSlashed" -> {
                    status.put(trainer, "Slashed");
                    AuditChecks.credit(expected, requester, stake);
                }
                case "BountyCompleted" -> {
                    String winner = event.address("winner");
                    status.put(winner, "Won");
                    AuditChecks.credit(expected, winner, reward.add(stake));
                }
                case "SubmissionSettled" -> {
                    BigInteger toTrainer = BigInteger.ZERO;
                    BigInteger toRequester = BigInteger.ZERO;
                    String before = status.getOrDefault(trainer, "None");
                    if ((phase.equals("Cancelled") || phase.equals("RequesterSlashed")) && before.equals("Committed")) {
                        toTrainer = share.add(stake);
                    } else if (phase.equals("Completed") || phase.equals("Refunded")) {
                        if (before.equals("Claimed")) {
                            toTrainer = stake;
                        } else if (before.equals("Committed")) {
                            toRequester = stake;
                        }
                    }
                    // v1's SubmissionSettled(paidToTrainer, paidToRequester) has the signature of v2's (refunded, burned),
                    // so MarketEventDecoder names its fields as v2's.
                    BigInteger paidToTrainer = event.number("refunded");
                    BigInteger paidToRequester = event.number("burned");
                    if (!paidToTrainer.equals(toTrainer) || !paidToRequester.equals(toRequester)) {
                        problems.add("settling " + trainer + " (" + before + ", bounty " + phase + ") paid " + paidToTrainer
                                + " to the trainer and " + paidToRequester + " to the requester; the rules say " + toTrainer + " and " + toRequester);
                    }
                    AuditChecks.credit(expected, trainer, toTrainer);
                    AuditChecks.credit(expected, requester, toRequester);
                    status.put(trainer, "Settled");
                }
                case "Credited" -> AuditChecks.credit(actual, event.address("account"), event.number("amount"));
                default -> { }
            }
        }
        checks.add(AuditChecks.credits(expected, actual, problems, phase));
    }

    /** The bounty's escrow is what came in less what was credited; the market holds exactly escrows plus credits. */
    private static void checkMoney(BountyHistory history, MarketEvent created, List<Check> checks) {
        BigInteger deposits = created.number("reward");
        for (MarketEvent commit : history.all("SubmissionCommitted")) {
            deposits = deposits.add(commit.number("stake"));
        }
        checks.addAll(AuditChecks.money(history, deposits));
    }
}
