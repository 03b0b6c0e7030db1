package io.modelmarket.cli;

import io.modelmarket.bounty.BountyRecord;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.chain.TransactionSender;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Hex;
import io.modelmarket.verifier.Attestation;
import io.modelmarket.verifier.Candidate;
import io.modelmarket.verifier.Judgement;
import io.modelmarket.verifier.VerificationRound;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.SandboxGate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.tuples.generated.Tuple2;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code modelmarket verify}: the bounty's verifier runs one {@link VerificationRound}, attesting as the runs finish. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Re-runs the revealed candidates' models, best first, and attests, as the bounty's verifier.",
                "While Verifying: opens the test inputs with the released key and re-runs each candidate's revealed model in the "
                + "sandbox until one reproduces its revealed predictions. It attests as the runs finish, each time with a "
                + "published report: attestVerification(rejected, acceptBest, report) rejects the models that did not reproduce "
                + "and accepts the first that does: the proposed winner (none if no model reproduces). With one revealed "
                + "candidate the proposal is final at once; with more, anyone may dispute it for one window (Challenging), "
                + "and stakes are burned only by the final outcome. A run the verifier could not make attests nothing about that candidate or those after it: the "
                + "command says why and exits with 1; run it again."},
        footer = {"", "Example:", "  MODELMARKET_PRIVATE_KEY=$VERIFIER_KEY modelmarket verify 0x5c1e...9a"})
final class VerifyCommand extends MarketCommand {
    /** {@code BountyMarket.MAX_SUBMISSIONS}: no bounty has more candidates. */
    private static final BigInteger ALL_CANDIDATES = BigInteger.valueOf(1000);

    @Mixin
    KeyOptions keys;

    @Mixin
    StoreOptions storeOptions;

    @Parameters(paramLabel = "BOUNTY_ID", converter = BountyIdConverter.class)
    Bytes32 bountyId;

    @Override
    int run(MarketConnection chain) throws Exception {
        Credentials credentials = keys.credentials();
        BountyMarket.Bounty bounty = chain.bounty(bountyId);
        if (!bounty.verifier.equalsIgnoreCase(credentials.getAddress())) {
            throw new IllegalStateException("only the bounty's verifier " + bounty.verifier + " attests; the key is " + credentials.getAddress() + "'s");
        }
        chain.requirePhase(bountyId, "Verifying", "the verifier attests in the window after Revealing");
        List<MarketEvent> events = chain.events(bountyId);
        BountyFiles files = BountyFiles.of(bountyId, events);
        ContentStore store = storeOptions.open();
        BountyMetadata metadata = files.metadata(store);
        List<Candidate> candidates = candidates(chain.market().rankedCandidates(bountyId.toByteArray(), ALL_CANDIDATES).send(), files.bounty());
        long verifyingEnds = BountyCommands.phaseEnd("Verifying", bounty).orElseThrow();
        TransactionSender sender = chain.sender(credentials);
        VerificationRound round = VerificationRound.sandboxed(store, ModelLimits.defaults(), SandboxGate.unlimited(),
                VerificationRound.DEFAULT_SEND_MARGIN, () -> chainNow(chain));

        VerificationRound.Outcome outcome;
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-verify-")) {
            Path inputs = Progress.step("open test inputs", () -> files.openTestInputs(store, metadata, work.resolve(BountyFiles.TEST_INPUTS_FILE)));
            var judged = new VerificationRound.Bounty(bountyId.toHex(), credentials.getAddress(), metadata, inputs, files.requireLabels(), verifyingEnds);
            outcome = round.judge(judged, candidates, attestation -> attest(chain, sender, attestation), new VerificationRound.Listener() {
                @Override
                public void judging(Candidate candidate) {
                    // A run may take the sandbox's whole time limit: say which one is under way.
                    spec.commandLine().getErr().printf("  re-run %s ...%n", candidate.trainer());
                    spec.commandLine().getErr().flush();
                }

                @Override
                public void judged(Judgement judgement) {
                    out().printf("candidate %s: %s%n  %s%n", judgement.trainer(), judgement.verdict().name().toLowerCase(), judgement.explanation());
                    out().flush();
                }
            });
        }
        if (outcome.inconclusive() != null) {
            throw new IllegalStateException(outcome.inconclusive().explanation() + " Nothing was attested about it or the candidates after it"
                    + (outcome.sent().isEmpty() ? "" : " (the rejections before it were)") + "; run `modelmarket verify " + bountyId.toHex() + "` again.");
        }
        if (outcome.windowEnded()) {
            throw new IllegalStateException("Verifying ended before every candidate was judged; what was judged is attested, and the best candidate "
                    + "left is proposed by the verifier's silence (it wins once no dispute is left: modelmarket advance " + bountyId.toHex() + ").");
        }
        out().printf("bounty %s is now %s%n", bountyId.toHex(), chain.phase(bountyId));
        return 0;
    }

    /** The ranked candidates, best first, each with what its {@code SubmissionRevealed} event opened. */
    private static List<Candidate> candidates(Tuple2<List<String>, List<BigInteger>> ranked, BountyRecord bounty) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < ranked.component1().size(); i++) {
            String trainer = ranked.component1().get(i);
            MarketEvent reveal = bounty.reveal(trainer)
                    .orElseThrow(() -> new IllegalStateException("no SubmissionRevealed event of candidate " + trainer));
            candidates.add(new Candidate(trainer, ranked.component2().get(i).longValue(), reveal.text("modelCid"),
                    Hex.decode(reveal.text("predictions"), "predictions")));
        }
        return candidates;
    }

    private void attest(MarketConnection chain, TransactionSender sender, Attestation attestation) throws Exception {
        chain.send(sender, attestation.summary(), chain.marketAddress, chain.market().attestVerification(Hex.decode(attestation.bountyId(), "bounty id"),
                attestation.rejected(), attestation.acceptBest(), attestation.reportCid().toString()).encodeFunctionCall(), out());
        out().printf("  report %s%n", attestation.reportCid());
        out().flush();
    }

    private static long chainNow(MarketConnection chain) {
        try {
            return chain.now();
        } catch (IOException e) {
            throw new UncheckedIOException("the chain's clock cannot be read: " + e.getMessage(), e);
        }
    }
}
