package io.modelmarket.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.dispute.RankingReview;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.verifier.Judgement.Verdict;
import io.modelmarket.verify.VerificationResult;
import io.modelmarket.verify.VerificationResult.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round's rules on stand-in runs (each model's bytes name the outcome of its run): best first, a rejection
 * only for a completed run that differs, a broken limit or a model missing from the store; an inconclusive run
 * attests nothing about itself or anyone after it; attestations go out as runs finish, and before a run that
 * might outlast the window.
 */
class VerificationRoundTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNTY = "0x" + "ab".repeat(32);
    private static final String VERIFIER = "0x00000000000000000000000000000000000000aa";
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
    /** The run limit, the fetch allowance and the default send margin: the longest one judgement may take. */
    private static final long LONGEST_JUDGEMENT = 120 + 60 + 60;

    @TempDir
    Path folder;

    private LocalContentStore store;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<String> ran = new ArrayList<>();
    private final List<Attestation> sent = new ArrayList<>();
    /** What the chain's clock reads after each run, by trainer (a run takes time). */
    private final Map<String, Long> clockAfter = new HashMap<>();

    @BeforeEach
    void store() throws IOException {
        store = new LocalContentStore(folder.resolve("ipfs"));
    }

    @Test
    void judgesBestFirstAndAttestsOnceWhenOneReproducesRejectingTheOnesBefore() throws Exception {
        List<Candidate> ranked = List.of(candidate("a", Status.NOT_REPRODUCED), candidate("b", Status.FAILED),
                candidate("c", Status.REPRODUCED), candidate("d", Status.REPRODUCED));

        VerificationRound.Outcome outcome = round().judge(bounty(now.get() + 3600), ranked, sent::add, new VerificationRound.Listener() {});

        assertThat(ran).containsExactly(trainer("a"), trainer("b"), trainer("c")); // never the one below the accepted
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).rejected()).containsExactly(trainer("a"), trainer("b"));
        assertThat(sent.get(0).acceptBest()).isTrue();
        assertThat(outcome.complete()).isTrue();
        assertThat(outcome.accepted().orElseThrow().trainer()).isEqualTo(trainer("c"));
        assertThat(outcome.accepted().orElseThrow().model()).isEqualTo(modelBytes(Status.REPRODUCED, "c"));
    }

    @Test
    void theReportHasOneSchemaWithAVerdictAndASentencePerCandidate() throws Exception {
        List<Candidate> ranked = List.of(candidate("a", Status.NOT_REPRODUCED), candidate("b", Status.FAILED), candidate("c", Status.REPRODUCED));

        round().judge(bounty(now.get() + 3600), ranked, sent::add, new VerificationRound.Listener() {});

        JsonNode report = report(sent.get(0));
        assertThat(report.path("schema").asText()).isEqualTo(AttestationReport.SCHEMA).isEqualTo("modelmarket/verification-report/1");
        assertThat(report.path("bountyId").asText()).isEqualTo(BOUNTY);
        assertThat(report.path("verifier").asText()).isEqualTo(VERIFIER);
        assertThat(report.path("acceptBest").asBoolean()).isTrue();
        JsonNode candidates = report.path("candidates");
        assertThat(candidates).hasSize(3);
        assertThat(candidates.get(0).path("trainer").asText()).isEqualTo(trainer("a"));
        assertThat(candidates.get(0).path("score").asLong()).isEqualTo(100);
        assertThat(candidates.get(0).path("modelCid").asText()).isEqualTo(ranked.get(0).modelCid());
        assertThat(candidates.get(0).path("verdict").asText()).isEqualTo("rejected");
        assertThat(candidates.get(0).path("explanation").asText())
                .isEqualTo("Its model predicts otherwise than revealed on 3 of 10 rows (the first is row 4).");
        assertThat(candidates.get(0).path("result").path("status").asText()).isEqualTo("NOT_REPRODUCED");
        assertThat(candidates.get(1).path("explanation").asText())
                .isEqualTo("Its model cannot be run within the documented limits: the model ran longer than the 120 s limit.");
        assertThat(candidates.get(2).path("verdict").asText()).isEqualTo("accepted");
        assertThat(candidates.get(2).path("explanation").asText()).isEqualTo("Its model reproduced all 10 revealed predictions; it is right on 7 of them.");
    }

    @Test
    void anInconclusiveRunAttestsNothingAboutItselfOrAnyoneAfterItButSendsTheRejectionsBeforeIt() throws Exception {
        List<Candidate> ranked = List.of(candidate("a", Status.NOT_REPRODUCED), candidate("b", Status.INCONCLUSIVE),
                candidate("c", Status.REPRODUCED));

        VerificationRound.Outcome outcome = round().judge(bounty(now.get() + 3600), ranked, sent::add, new VerificationRound.Listener() {});

        assertThat(ran).containsExactly(trainer("a"), trainer("b"));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).rejected()).containsExactly(trainer("a"));
        assertThat(sent.get(0).acceptBest()).isFalse();
        assertThat(outcome.complete()).isFalse();
        assertThat(outcome.inconclusive().trainer()).isEqualTo(trainer("b"));
        assertThat(outcome.inconclusive().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(outcome.inconclusive().explanation())
                .isEqualTo("The verifier could not run the model of " + trainer("b") + ": the sandbox's worker did not start.");
    }

    @Test
    void anInconclusiveBestCandidateAttestsNothingAtAll() throws Exception {
        VerificationRound.Outcome outcome = round().judge(bounty(now.get() + 3600),
                List.of(candidate("a", Status.INCONCLUSIVE), candidate("b", Status.NOT_REPRODUCED)), sent::add, new VerificationRound.Listener() {});

        assertThat(sent).isEmpty();
        assertThat(ran).containsExactly(trainer("a"));
        assertThat(outcome.inconclusive().trainer()).isEqualTo(trainer("a"));
    }

    @Test
    void aRunThatThrowsIsTheVerifiersFaultNotTheModels() throws Exception {
        VerificationRound.ModelRun broken = (model, inputs, metadata, revealed, labels) -> {
            throw new IOException("No space left on device");
        };
        VerificationRound round = new VerificationRound(store, broken, RUN_LIMIT, VerificationRound.DEFAULT_SEND_MARGIN, now::get);

        VerificationRound.Outcome outcome = round.judge(bounty(now.get() + 3600), List.of(candidate("a", Status.NOT_REPRODUCED)), sent::add,
                new VerificationRound.Listener() {});

        assertThat(sent).isEmpty();
        assertThat(outcome.inconclusive().explanation())
                .isEqualTo("The verifier could not run the model of " + trainer("a") + ": the run could not be made (No space left on device).");
    }

    @Test
    void aModelTheStoreDoesNotHaveIsRejectedButOneItServesCorruptIsInconclusive() throws Exception {
        Cid elsewhere = new LocalContentStore(folder.resolve("trainers-own-ipfs")).add(new ByteArrayInputStream(modelBytes(Status.REPRODUCED, "a")));
        Candidate withheld = new Candidate(trainer("a"), 100, elsewhere.toString(), new byte[10]);
        Candidate corrupt = candidate("b", Status.REPRODUCED);
        corruptBlocksOf(Cid.parse(corrupt.modelCid()));

        VerificationRound.Outcome outcome = round().judge(bounty(now.get() + 3600), List.of(withheld, corrupt), sent::add,
                new VerificationRound.Listener() {});

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).rejected()).containsExactly(trainer("a"));
        JsonNode rejected = report(sent.get(0)).path("candidates").get(0);
        assertThat(rejected.path("result").path("failure").asText()).isEqualTo("the model " + withheld.modelCid() + " is not available from the content store");
        assertThat(rejected.path("explanation").asText()).isEqualTo("Its model " + withheld.modelCid()
                + " is not in the content store that serves the bounty's other files (revealing includes uploading it).");
        assertThat(outcome.inconclusive().trainer()).isEqualTo(trainer("b"));
        assertThat(outcome.inconclusive().explanation()).startsWith("The verifier could not run the model of " + trainer("b")
                + ": the content store did not give its model " + corrupt.modelCid() + " (content of " + corrupt.modelCid() + " does not match its CID");
        assertThat(ran).isEmpty();
    }

    @Test
    void aRevealedStringThatIsNotACidIsRejected() throws Exception {
        Candidate garbage = new Candidate(trainer("a"), 100, "<script>", new byte[10]);

        round().judge(bounty(now.get() + 3600), List.of(garbage), sent::add, new VerificationRound.Listener() {});

        assertThat(sent.get(0).rejected()).containsExactly(trainer("a"));
        assertThat(report(sent.get(0)).path("candidates").get(0).path("explanation").asText())
                .isEqualTo("Its revealed model CID '<script>' is not a CID, so no model can be run.");
    }

    @Test
    void rejectionsGoOutInBatchesOfAtMostSixteen() throws Exception {
        List<Candidate> ranked = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ranked.add(candidate("r" + i, Status.NOT_REPRODUCED));
        }

        VerificationRound.Outcome outcome = round().judge(bounty(now.get() + 3600), ranked, sent::add, new VerificationRound.Listener() {});

        assertThat(sent).extracting(a -> a.rejected().size()).containsExactly(16, 4);
        assertThat(sent.get(1).firstTrainer()).isEqualTo(trainer("r16"));
        assertThat(sent).noneMatch(Attestation::acceptBest);
        assertThat(outcome.complete()).isTrue();
    }

    @Test
    void whatIsJudgedIsSentBeforeARunThatMightOutlastTheWindow() throws Exception {
        long end = now.get() + LONGEST_JUDGEMENT + 100;
        clockAfter.put(trainer("a"), now.get() + 50); // a little time to spare before the next judgement's worst case
        clockAfter.put(trainer("b"), now.get() + 101); // from here on, the next run might end after the window
        List<Candidate> ranked = List.of(candidate("a", Status.NOT_REPRODUCED), candidate("b", Status.NOT_REPRODUCED),
                candidate("c", Status.NOT_REPRODUCED), candidate("d", Status.REPRODUCED));
        List<String> sentBeforeEachRun = new ArrayList<>();

        round().judge(bounty(end), ranked, sent::add, new VerificationRound.Listener() {
            @Override
            public void judging(Candidate candidate) {
                sentBeforeEachRun.add(candidate.trainer() + ":" + sent.size());
            }
        });

        assertThat(sentBeforeEachRun).containsExactly(trainer("a") + ":0", trainer("b") + ":0", trainer("c") + ":1", trainer("d") + ":2");
        assertThat(sent).extracting(Attestation::rejected)
                .containsExactly(List.of(trainer("a"), trainer("b")), List.of(trainer("c")), List.of());
        assertThat(sent.get(2).acceptBest()).isTrue();
    }

    @Test
    void itStopsWhenVerifyingHasEndedAfterSendingWhatItJudged() throws Exception {
        long end = now.get() + 1000;
        clockAfter.put(trainer("a"), end);

        VerificationRound.Outcome outcome = round().judge(bounty(end), List.of(candidate("a", Status.NOT_REPRODUCED), candidate("b", Status.REPRODUCED)),
                sent::add, new VerificationRound.Listener() {});

        assertThat(ran).containsExactly(trainer("a"));
        assertThat(sent).extracting(Attestation::rejected).containsExactly(List.of(trainer("a")));
        assertThat(outcome.windowEnded()).isTrue();
        assertThat(outcome.complete()).isFalse();
    }

    @Test
    void aReviewReRunsEveryCandidateAndPointsToTheBestThatReproduces() throws Exception {
        List<RankingReview.Choice> choices = List.of(new RankingReview.Choice(3, candidate("a", Status.NOT_REPRODUCED)),
                new RankingReview.Choice(1, candidate("b", Status.REPRODUCED)), new RankingReview.Choice(2, candidate("c", Status.REPRODUCED)));

        RankingReview.Outcome outcome = RankingReview.review(round(), bounty(now.get() + 3600), choices, 4, new VerificationRound.Listener() {});

        assertThat(ran).containsExactly(trainer("a"), trainer("b"), trainer("c")); // the operator sees every re-run
        assertThat(outcome.reviewed()).extracting(RankingReview.Reviewed::ruling).containsExactly(3, 1, 2);
        assertThat(outcome.ruling()).hasValue(1);
        assertThat(sent).isEmpty(); // a review attests nothing
    }

    @Test
    void aReviewWhereNoneReproducesPointsToNoWinnerAndOneWithAnInconclusiveRunFirstIsUndecided() throws Exception {
        List<RankingReview.Choice> rejected = List.of(new RankingReview.Choice(1, candidate("a", Status.NOT_REPRODUCED)),
                new RankingReview.Choice(2, candidate("b", Status.FAILED)));
        assertThat(RankingReview.review(round(), bounty(now.get() + 3600), rejected, 3, new VerificationRound.Listener() {}).ruling()).hasValue(3);

        List<RankingReview.Choice> undecided = List.of(new RankingReview.Choice(1, candidate("c", Status.INCONCLUSIVE)),
                new RankingReview.Choice(2, candidate("d", Status.REPRODUCED)));
        assertThat(RankingReview.review(round(), bounty(now.get() + 3600), undecided, 3, new VerificationRound.Listener() {}).ruling()).isEmpty();
    }

    private VerificationRound round() {
        return new VerificationRound(store, this::standIn, RUN_LIMIT, VerificationRound.DEFAULT_SEND_MARGIN, now::get);
    }

    private VerificationRound.Bounty bounty(long verifyingEnds) throws IOException {
        return new VerificationRound.Bounty(BOUNTY, VERIFIER, null, Files.writeString(folder.resolve("inputs.csv"), "x\n"), new byte[10], verifyingEnds);
    }

    /** A candidate whose model's bytes say how its run ends; stored in the store. */
    private Candidate candidate(String name, Status outcome) throws IOException {
        Cid cid = store.addAndPin(new ByteArrayInputStream(modelBytes(outcome, name)));
        return new Candidate(trainer(name), 100, cid.toString(), new byte[10]);
    }

    private static byte[] modelBytes(Status outcome, String name) {
        return (outcome + " " + trainer(name)).getBytes(StandardCharsets.UTF_8);
    }

    /** The run a model's bytes name: 10 rows, 7 right against the labels. */
    private VerificationResult standIn(byte[] model, Path inputs, Object metadata, byte[] revealed, byte[] labels) {
        String[] words = new String(model, StandardCharsets.UTF_8).split(" ");
        ran.add(words[1]);
        if (clockAfter.containsKey(words[1])) {
            now.set(clockAfter.get(words[1]));
        }
        return switch (Status.valueOf(words[0])) {
            case REPRODUCED -> new VerificationResult(Status.REPRODUCED, null, 10, 10, List.of(), 7, 1.0, null, null, 5);
            case NOT_REPRODUCED -> new VerificationResult(Status.NOT_REPRODUCED, null, 10, 7, List.of(4, 6, 9), 7, 1.0, null, null, 5);
            case FAILED -> new VerificationResult(Status.FAILED, "failed: the model ran longer than the 120 s limit", 0, 0, List.of(), -1, 0, null,
                    null, 120_000);
            case INCONCLUSIVE -> new VerificationResult(Status.INCONCLUSIVE, "the sandbox's worker did not start", 0, 0, List.of(), -1, 0, null,
                    null, 3);
        };
    }

    /** A trainer's address, from a short name. */
    private static String trainer(String name) {
        String hex = name.chars().mapToObj(c -> String.format("%02x", c)).reduce("", String::concat);
        return "0x" + "0".repeat(40 - hex.length()) + hex;
    }

    private JsonNode report(Attestation attestation) throws IOException {
        try (InputStream in = store.cat(attestation.reportCid())) {
            return JSON.readTree(in);
        }
    }

    /** Overwrites every block of {@code cid} in the store's folder with other bytes. */
    private void corruptBlocksOf(Cid cid) throws IOException {
        try (Stream<Path> blocks = Files.list(folder.resolve("ipfs").resolve("blocks"))) {
            for (Path block : blocks.filter(b -> b.getFileName().toString().equals(cid.toString())).toList()) {
                byte[] bytes = Files.readAllBytes(block);
                bytes[bytes.length - 1] ^= 1;
                Files.write(block, bytes);
            }
        }
    }
}
