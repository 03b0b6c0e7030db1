package io.modelmarket.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.CsvReader;
import io.modelmarket.dataset.SplitReplay;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.BlockSink;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentCorruptedException;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.UnixFsImporter;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.protocol.Hex;
import io.modelmarket.seal.TestInputsSeal;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.SandboxGate;
import io.modelmarket.verify.SandboxedVerifier;
import io.modelmarket.verify.VerificationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays one protocol-v2 bounty (docs/protocol.md, "Version 2") from its events and its IPFS files and checks
 * every step: the bounty id; the published files against their CIDs (checked here again, whatever the store
 * does) and the terms on chain; the released key against its commitment, and the sealed test inputs opening
 * under it into the test rows the metadata describes; the labels against their commitment and the split
 * against the revealed salt; every revealed model against the commitment made before the key's release, every
 * revealed prediction vector against its commitment and the labels, every revealed model re-run in the
 * sandbox; the verifier's order; every credit against the payout rules, no burned stake going to a party that
 * could cause its burn; the bounty's escrow and the market's balance invariant. It trusts the chain's events
 * and the CIDs, nothing else.
 */
public final class Auditor {
    /** Where the market credits what it burns ({@code EscrowPayments.BURN_ADDRESS}), lower-case. */
    public static final String BURN_ADDRESS = "0x000000000000000000000000000000000000dead";

    private final ContentStore store;
    private final SandboxedVerifier sandbox;

    public Auditor(ContentStore store, ModelLimits limits) {
        this(store, limits, SandboxGate.unlimited());
    }

    /** An auditor whose model re-runs pass through {@code gate} (shared with every other user of the sandbox). */
    public Auditor(ContentStore store, ModelLimits limits, SandboxGate gate) {
        this.store = store;
        this.sandbox = new SandboxedVerifier(limits, gate);
    }

    /** The bounty's terms as created, and its parties, lower-case. */
    private record Terms(JsonNode params, String requester, String verifier) {
        BigInteger number(String field) {
            return new BigInteger(params.path(field).asText("0"));
        }

        String text(String field) {
            return params.path(field).asText();
        }
    }

    /** The public files, fetched into the audit's folder: null where one could not be (data.files says why). */
    private record Published(Path training, Path sealedTestInputs, BountyMetadata metadata) {}

    /** What one trainer did, as replayed. */
    private static final class Trainer extends ReplayedTrainer {
        MarketEvent modelCommit;
        Integer revealedScore;

        Trainer(String address) {
            super(address);
        }
    }

    public AuditReport audit(BountyHistory history) {
        List<Check> checks = new ArrayList<>();
        MarketEvent created = history.first("BountyCreated").orElse(null);
        if (created == null || !created.fields().has("params")) {
            return AuditReport.unknownBounty(history, "v2 BountyCreated");
        }
        Terms terms = new Terms(created.fields().get("params"), created.address("requester"), created.address("verifier"));
        checks.add(AuditChecks.bountyId(history, terms.requester(), terms.number("nonce")));
        Map<String, Trainer> trainers = new LinkedHashMap<>();
        BountyMetadata metadata;
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-audit-")) {
            Published files = fetchFiles(terms, work.path(), checks);
            metadata = files.metadata();
            Path testInputs = checkSealedInputs(history, terms, files, work.resolve("test-inputs.csv"), checks);
            byte[] labels = checkGroundTruth(history, terms, checks);
            checkSplit(history, files, testInputs, labels, checks);
            checkReveals(history, metadata, testInputs, labels, trainers, work.path(), checks);
        } catch (IOException e) {
            throw new UncheckedIOException("the audit could not use a temporary folder", e);
        }
        checkRanking(history, trainers, checks);
        checkPayouts(history, terms, checks);
        checkNoStakeToSlasher(history, terms, checks);
        BigInteger deposits = history.all("ModelCommitted").stream().map(e -> e.number("stake")).reduce(terms.number("reward"), BigInteger::add);
        checks.addAll(AuditChecks.money(history, deposits));

        return AuditReport.of(history, checks, trainers.values(), metadata == null ? List.of() : metadata.classes());
    }

    /** data.files and data.consistent: the three files by CID, and the metadata against the terms on chain. */
    private Published fetchFiles(Terms terms, Path work, List<Check> checks) {
        List<String> problems = new ArrayList<>();
        Path training = fetch(terms.text("trainingCid"), work.resolve("training.csv"), "training data", problems);
        Path sealed = fetch(terms.text("sealedTestInputsCid"), work.resolve("test-inputs.sealed"), "sealed test inputs", problems);
        Path metadataFile = fetch(terms.text("metadataCid"), work.resolve("metadata.json"), "metadata", problems);
        BountyMetadata metadata = null;
        if (metadataFile != null) {
            try (InputStream in = Files.newInputStream(metadataFile)) {
                metadata = BountyMetadata.parse(in);
            } catch (IOException | RuntimeException e) {
                problems.add("metadata " + AuditChecks.shown(terms.text("metadataCid")) + ": " + e.getMessage());
            }
        }
        checks.add(Check.of("data.files", problems.isEmpty(), "training data, sealed test inputs and metadata are available and match their CIDs",
                String.join("; ", problems)));
        if (metadata != null) {
            int testSize = terms.number("testSize").intValueExact();
            int numClasses = terms.number("numClasses").intValueExact();
            List<String> mismatches = new ArrayList<>();
            if (metadata.testSize() != testSize) {
                mismatches.add("the metadata says testSize " + metadata.testSize() + ", the bounty " + testSize);
            }
            if (metadata.classes().size() != numClasses) {
                mismatches.add("the metadata lists " + metadata.classes().size() + " classes, the bounty says numClasses " + numClasses);
            }
            checks.add(Check.of("data.consistent", mismatches.isEmpty(), "the metadata has testSize " + testSize + " and " + numClasses
                    + " classes, as on chain", String.join("; ", mismatches)));
        }
        return new Published(training, sealed, metadata);
    }

    /**
     * Copies the content of {@code cid} to {@code target} and checks it against the CID itself (a store or
     * gateway that does not is not trusted); returns null, with a problem, when that fails.
     */
    private Path fetch(String cid, Path target, String what, List<String> problems) {
        try {
            Cid expected = Cid.parse(cid);
            UnixFsImporter importer = new UnixFsImporter(BlockSink.DISCARD);
            try (InputStream in = store.cat(expected); OutputStream out = Files.newOutputStream(target)) {
                byte[] buffer = new byte[1 << 16];
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, read);
                    importer.write(buffer, 0, read);
                }
            }
            importer.close();
            if (!importer.root().equals(expected)) {
                throw new ContentCorruptedException(expected, "the bytes received import to " + importer.root());
            }
            return target;
        } catch (IOException | RuntimeException e) {
            problems.add(what + " " + AuditChecks.shown(cid) + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * data.sealedInputs: the released key opens the sealing-key commitment, and the sealed test inputs under it
     * into {@code testSize} rows with the metadata's feature columns. Returns the opened file, or null.
     */
    private static Path checkSealedInputs(BountyHistory history, Terms terms, Published files, Path opened, List<Check> checks) {
        String name = "data.sealedInputs";
        MarketEvent released = history.first("KeyReleased").orElse(null);
        if (released == null) {
            checks.add(Check.pass(name, "the key was never released: nobody could open the test inputs"));
            return null;
        }
        Bytes32 bountyId = Bytes32.fromHex(history.bountyId());
        Bytes32 key = Bytes32.fromHex(released.text("key"));
        Bytes32 commitment = Commitments.sealingKey(bountyId, key);
        if (!commitment.toHex().equalsIgnoreCase(terms.text("sealingKeyCommitment"))) {
            checks.add(Check.fail(name, "sha256(tag, bountyId, released key) is " + commitment.toHex() + ", the commitment made at creation is "
                    + terms.text("sealingKeyCommitment")));
            return null;
        }
        if (files.sealedTestInputs() == null || files.metadata() == null) {
            checks.add(Check.fail(name, "the sealed test inputs cannot be checked without the sealed file and the metadata (see data.files)"));
            return null;
        }
        try {
            TestInputsSeal.unseal(bountyId, key, files.sealedTestInputs(), opened);
        } catch (IOException e) {
            checks.add(Check.fail(name, "the released key opens its commitment but not the sealed test inputs "
                    + AuditChecks.shown(terms.text("sealedTestInputsCid")) + ": " + e.getMessage()));
            return null;
        }
        int testSize = terms.number("testSize").intValueExact();
        List<String> columns = files.metadata().features().stream().map(BountyMetadata.Feature::name).toList();
        List<String> problems = new ArrayList<>();
        try (InputStream in = Files.newInputStream(opened); CsvReader reader = new CsvReader(in, "test inputs")) {
            if (!reader.header().equals(columns)) {
                problems.add("the columns are " + reader.header() + ", the metadata's features " + columns);
            }
            long rows = 0;
            while (reader.next() != null) {
                rows++;
            }
            if (rows != testSize) {
                problems.add(rows + " rows for testSize " + testSize);
            }
        } catch (IOException | RuntimeException e) {
            problems.add("the opened test inputs do not read as CSV: " + e.getMessage());
        }
        checks.add(Check.of(name, problems.isEmpty(), "the released key opens its commitment and the sealed test inputs, into " + testSize
                + " rows of the metadata's " + columns.size() + " feature columns", "the opened test inputs: " + String.join("; ", problems)));
        return problems.isEmpty() ? opened : null;
    }

    /** groundTruth.commitment and groundTruth.labels; returns the revealed labels (null before the reveal). */
    private static byte[] checkGroundTruth(BountyHistory history, Terms terms, List<Check> checks) {
        MarketEvent reveal = history.first("GroundTruthRevealed").orElse(null);
        if (reveal == null) {
            return null;
        }
        byte[] labels = Hex.decode(reveal.text("labels"), "labels");
        Bytes32 commitment = Commitments.groundTruth(Bytes32.fromHex(history.bountyId()), labels, Bytes32.fromHex(reveal.text("salt")));
        String committed = terms.text("groundTruthCommitment");
        checks.add(Check.of("groundTruth.commitment", commitment.toHex().equalsIgnoreCase(committed),
                "the revealed labels and salt open the commitment made at creation",
                "sha256(tag, bountyId, labels, salt) is " + commitment.toHex() + ", the commitment is " + committed));
        checks.add(AuditChecks.labels(labels, terms.number("testSize").intValueExact(), terms.number("numClasses").intValueExact(), reveal));
        return labels;
    }

    /** data.split: after the reveal, the opened test rows are the ones the revealed salt draws, in its order. */
    private static void checkSplit(BountyHistory history, Published files, Path testInputs, byte[] labels, List<Check> checks) {
        if (labels == null) {
            return;
        }
        if (testInputs == null || files.training() == null) {
            checks.add(Check.fail("data.split", "the split cannot be replayed without the training data and the opened test inputs"));
            return;
        }
        try {
            Bytes32 salt = Bytes32.fromHex(history.first("GroundTruthRevealed").orElseThrow().text("salt"));
            SplitReplay.Outcome outcome = SplitReplay.replay(files.training(), testInputs, files.metadata(), labels, salt);
            checks.add(Check.of("data.split", outcome.replays(), outcome.detail(), outcome.detail()));
        } catch (IOException | RuntimeException e) {
            checks.add(Check.fail("data.split", "the split could not be replayed: " + e.getMessage()));
        }
    }

    /** Every reveal: its model committed before the release, its predictions committed, its score recounted, its model re-run. */
    private void checkReveals(BountyHistory history, BountyMetadata metadata, Path testInputs, byte[] labels, Map<String, Trainer> trainers,
            Path work, List<Check> checks) {
        List<MarketEvent> events = history.events();
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
                    checkModelCommitment(history, event, trainer, checks);
                    checkReveal(history, event, trainer, labels, events.subList(index + 1, events.size()), checks);
                    trainer.rerun = rerun(history, metadata, testInputs, event, labels, trainer, work, checks);
                }
                default -> { }
            }
        }
    }

    /** model.committedBeforeRelease[trainer]: the revealed model CID and salt open a commitment made before the key's release. */
    private static void checkModelCommitment(BountyHistory history, MarketEvent reveal, Trainer trainer, List<Check> checks) {
        String name = "model.committedBeforeRelease[" + trainer.address + "]";
        MarketEvent release = history.first("KeyReleased").orElse(null);
        if (release == null || trainer.modelCommit == null) {
            checks.add(Check.fail(name, "a model was revealed without " + (release == null ? "a key release" : "a model commitment")));
            return;
        }
        String modelCid = reveal.text("modelCid");
        Bytes32 opened = Commitments.model(Bytes32.fromHex(history.bountyId()), EthAddress.fromHex(trainer.address), modelCid,
                Bytes32.fromHex(reveal.text("modelSalt")));
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

    /** reveal.commitments, reveal.count and reveal.outcome of one reveal. */
    private static void checkReveal(BountyHistory history, MarketEvent reveal, Trainer trainer, byte[] labels, List<MarketEvent> after,
            List<Check> checks) {
        String who = "[" + trainer.address + "]";
        byte[] predictions = Hex.decode(reveal.text("predictions"), "predictions");
        Bytes32 opened = Commitments.predictions(Bytes32.fromHex(history.bountyId()), EthAddress.fromHex(trainer.address), predictions,
                Bytes32.fromHex(reveal.text("predictionsSalt")));
        checks.add(Check.of("reveal.commitments" + who, opened.toHex().equalsIgnoreCase(trainer.predictionsCommitment),
                "the revealed predictions and salt open the predictions commitment made after the key's release",
                "the revealed predictions and salt give " + opened.toHex() + ", not the committed " + trainer.predictionsCommitment));
        int counted = labels == null ? -1 : Commitments.countMatches(predictions, labels);
        int recorded = trainer.revealedScore;
        checks.add(Check.of("reveal.count" + who, counted == recorded, counted + " of " + predictions.length + " predictions are correct, as recorded",
                "recounted " + counted + " correct predictions; the event records " + recorded));
        boolean slashedForScore = after.stream().takeWhile(e -> e.transactionHash().equals(reveal.transactionHash()))
                .anyMatch(e -> e.name().equals("SubmissionSlashed") && e.address("trainer").equals(trainer.address)
                        && MarketEnums.slashReason(e.number("reason").intValue()).equals("ScoreMismatch"));
        boolean claimHolds = trainer.claimed != null && trainer.claimed == counted;
        checks.add(Check.of("reveal.outcome" + who, claimHolds != slashedForScore,
                claimHolds ? "claimed " + trainer.claimed + ", counted the same: a candidate"
                        : "claimed " + trainer.claimed + " but " + counted + " are correct: slashed (ScoreMismatch)",
                claimHolds ? "the claim of " + trainer.claimed + " holds, yet the submission was slashed for its score"
                        : "claimed " + trainer.claimed + " but " + counted + " are correct, yet the submission was not slashed"));
    }

    /**
     * model.reproduces[trainer]: the revealed model re-run in the sandbox on the opened test inputs. A run the audit
     * cannot make (no test inputs, no model from the store, a sandbox that does not start) is inconclusive.
     */
    private VerificationResult rerun(BountyHistory history, BountyMetadata metadata, Path testInputs, MarketEvent reveal, byte[] labels,
            Trainer trainer, Path work, List<Check> checks) {
        String name = "model.reproduces[" + trainer.address + "]";
        if (metadata == null || testInputs == null) {
            checks.add(Check.inconclusive(name, "inconclusive: the model cannot be re-run without the metadata and the opened test inputs"
                    + " (see data.files and data.sealedInputs)"));
            return null;
        }
        List<String> problems = new ArrayList<>();
        Path model = fetch(reveal.text("modelCid"), work.resolve("model-" + trainer.address + ".onnx"), "the model", problems);
        if (model == null) {
            checks.add(Check.inconclusive(name, "inconclusive: the audit could not fetch the model to re-run it: " + String.join("; ", problems)));
            return null;
        }
        try {
            VerificationResult result = sandbox.verify(Files.readAllBytes(model), testInputs, metadata.features().size(), metadata.classes().size(),
                    metadata.onnx().outputName(), Hex.decode(reveal.text("predictions"), "predictions"), labels, 1.0);
            checks.add(AuditChecks.reproduction(history, trainer.address, result));
            return result;
        } catch (IOException | RuntimeException e) {
            checks.add(Check.inconclusive(name, "inconclusive: the audit could not re-run the model: " + e.getMessage()));
            return null;
        }
    }

    /**
     * ranking.candidates: the verifier attested the candidates (reveals that matched their claims) best first,
     * accepting at most the last it named, and the winner is the best candidate it did not reject.
     */
    private static void checkRanking(BountyHistory history, Map<String, Trainer> trainers, List<Check> checks) {
        List<String> ranked = trainers.values().stream().filter(t -> t.revealedScore != null && t.revealedScore.equals(t.claimed))
                .sorted(Comparator.comparingInt((Trainer t) -> -t.revealedScore).thenComparingInt(t -> t.sequence))
                .map(t -> t.address).toList();
        if (ranked.isEmpty()) {
            return;
        }
        List<MarketEvent> attestations = history.all("VerificationAttested");
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
        history.first("BountyCompleted").map(e -> e.address("winner")).filter(winner -> !winner.equals(best))
                .ifPresent(winner -> problems.add("the winner is " + winner + ", but the best candidate not rejected is " + best));
        checks.add(Check.of("ranking.candidates", problems.isEmpty(), "candidates by score, then commit order: " + ranked
                + "; attested best first" + (best == null ? ", every one rejected" : "; the best not rejected is " + best),
                String.join("; ", problems)));
    }

    /** payouts.credits: replays the payout rules of v2 over the events and compares with every credit the contract recorded. */
    private static void checkPayouts(BountyHistory history, Terms terms, List<Check> checks) {
        BigInteger reward = terms.number("reward");
        BigInteger stake = terms.number("trainerStake");
        int minScore = terms.number("minScore").intValueExact();
        Map<String, String> status = new HashMap<>();
        Map<String, Integer> sequence = new HashMap<>();
        Map<String, Integer> claimed = new HashMap<>();
        Map<String, BigInteger> expected = new TreeMap<>();
        Map<String, BigInteger> actual = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        String phase = "Open";
        boolean keyReleased = false;
        int bestClaim = 0;
        int bestSequence = 0;
        for (MarketEvent event : history.events()) {
            String trainer = event.fields().has("trainer") ? event.address("trainer") : null;
            switch (event.name()) {
                case "ModelCommitted" -> {
                    status.putIfAbsent(trainer, "Committed");
                    sequence.put(trainer, event.number("sequence").intValue());
                }
                case "KeyReleased" -> keyReleased = true;
                case "PredictionsCommitted" -> status.put(trainer, "Predicted");
                case "ScoreClaimed" -> {
                    int score = event.number("score").intValue();
                    status.put(trainer, "Claimed");
                    claimed.put(trainer, score);
                    int committed = sequence.getOrDefault(trainer, 0);
                    if (score >= minScore && ranksBefore(score, committed, bestClaim, bestSequence)) {
                        bestClaim = score;
                        bestSequence = committed;
                    }
                }
                case "SubmissionRevealed" -> {
                    if (event.number("score").intValue() == claimed.getOrDefault(trainer, -1)) {
                        status.put(trainer, "Revealed");
                    }
                }
                case "SubmissionSlashed" -> {
                    status.put(trainer, "Slashed");
                    AuditChecks.credit(expected, BURN_ADDRESS, stake);
                }
                case "PhaseChanged" -> {
                    phase = MarketEnums.phase(event.number("phase").intValue());
                    switch (phase) {
                        case "Cancelled", "Refunded" -> AuditChecks.credit(expected, terms.requester(), reward);
                        case "RequesterSlashed", "NoWinner" -> AuditChecks.credit(expected, BURN_ADDRESS, reward);
                        default -> { }
                    }
                }
                case "BountyCompleted" -> {
                    status.put(event.address("winner"), "Won");
                    AuditChecks.credit(expected, event.address("winner"), reward.add(stake));
                }
                case "SubmissionSettled" -> {
                    String before = status.getOrDefault(trainer, "None");
                    boolean refund = switch (before) {
                        case "Committed" -> !keyReleased;
                        case "Predicted" -> phase.equals("RequesterSlashed");
                        case "Claimed" -> claimed.get(trainer) < minScore
                                || ranksBefore(bestClaim, bestSequence, claimed.get(trainer), sequence.getOrDefault(trainer, 0));
                        case "Revealed" -> true;
                        default -> {
                            problems.add("settling " + trainer + ", whose submission is " + before + ", owes nothing");
                            yield false;
                        }
                    };
                    BigInteger refunded = refund ? stake : BigInteger.ZERO;
                    BigInteger burned = refund ? BigInteger.ZERO : stake;
                    if (!event.number("refunded").equals(refunded) || !event.number("burned").equals(burned)) {
                        problems.add("settling " + trainer + " (" + before + ", bounty " + phase + ") refunded " + event.number("refunded")
                                + " and burned " + event.number("burned") + "; the rules say " + refunded + " and " + burned);
                    }
                    AuditChecks.credit(expected, refund ? trainer : BURN_ADDRESS, stake);
                    status.put(trainer, "Settled");
                }
                case "Credited" -> AuditChecks.credit(actual, event.address("account"), event.number("amount"));
                default -> { }
            }
        }
        checks.add(AuditChecks.credits(expected, actual, problems, phase));
    }

    /** CandidateRanking.ranksBefore: a higher score, or the same score committed earlier. */
    private static boolean ranksBefore(int scoreA, int sequenceA, int scoreB, int sequenceB) {
        return scoreA > scoreB || scoreA == scoreB && sequenceA < sequenceB;
    }

    /**
     * payouts.noStakeToSlasher: every slashed or forfeited stake was credited to the burn address in the
     * transaction that took it, never to the requester or the verifier, who could cause a slash; the verifier is
     * credited nothing and the requester nothing but its own reward.
     */
    private static void checkNoStakeToSlasher(BountyHistory history, Terms terms, List<Check> checks) {
        List<String> problems = new ArrayList<>();
        List<MarketEvent> events = history.events();
        int burns = 0;
        for (int index = 0; index < events.size(); index++) {
            MarketEvent event = events.get(index);
            BigInteger taken = switch (event.name()) {
                case "SubmissionSlashed" -> event.number("stake");
                case "SubmissionSettled" -> event.number("burned");
                default -> BigInteger.ZERO;
            };
            if (taken.signum() == 0) {
                continue;
            }
            burns++;
            MarketEvent credit = events.subList(index + 1, events.size()).stream()
                    .takeWhile(e -> e.transactionHash().equals(event.transactionHash()))
                    .filter(e -> e.name().equals("Credited")).findFirst().orElse(null);
            if (credit == null || !credit.address("account").equals(BURN_ADDRESS) || !credit.number("amount").equals(taken)) {
                problems.add("the " + taken + " taken from " + event.address("trainer") + " (" + event.name() + ", block " + event.block() + ") went to "
                        + (credit == null ? "no account" : party(credit.address("account"), terms) + " (" + credit.number("amount") + ")")
                        + ", not to the burn address");
            }
        }
        BigInteger toRequester = BigInteger.ZERO;
        BigInteger toVerifier = BigInteger.ZERO;
        for (MarketEvent credit : history.all("Credited")) {
            if (credit.address("account").equals(terms.requester())) {
                toRequester = toRequester.add(credit.number("amount"));
            } else if (credit.address("account").equals(terms.verifier())) {
                toVerifier = toVerifier.add(credit.number("amount"));
            }
        }
        if (toRequester.compareTo(terms.number("reward")) > 0) {
            problems.add("the requester was credited " + toRequester + ", more than its reward of " + terms.number("reward"));
        }
        if (toVerifier.signum() != 0) {
            problems.add("the verifier was credited " + toVerifier);
        }
        checks.add(Check.of("payouts.noStakeToSlasher", problems.isEmpty(), "stakes slashed or forfeited: " + burns
                + ", each credited to the burn address; to the verifier: nothing; to the requester: " + toRequester + " (its own reward, or nothing)",
                String.join("; ", problems)));
    }

    /** An account as a message names it: the requester, the verifier, or the address. */
    private static String party(String account, Terms terms) {
        return account.equals(terms.requester()) ? "the requester " + account
                : account.equals(terms.verifier()) ? "the verifier " + account : account;
    }
}
