package io.modelmarket.cli;

import io.modelmarket.chain.MarketEvent;
import io.modelmarket.chain.TransactionSender;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.DevelopmentArbitrator;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dispute.DisputeEvidence;
import io.modelmarket.dispute.RankingReview;
import io.modelmarket.dispute.VerificationProposal;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.verifier.Candidate;
import io.modelmarket.verifier.Judgement;
import io.modelmarket.verifier.VerificationRound;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.SandboxGate;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Disputes (docs/protocol.md, "Disputes"): anyone disputes a bounty's verification or its test inputs and adds
 * evidence; the arbitrator's owner re-runs what is disputed and rules. Evidence is a file of any kind, published to
 * the content store with an ERC-1497 evidence JSON that points to it; the chain records the JSON's {@code /ipfs/<cid>}.
 */
final class DisputeCommands {
    private DisputeCommands() {}

    @Command(name = "dispute", mixinStandardHelpOptions = true,
            description = {"Disputes a bounty's verification (while Challenging) or its sealed test inputs (while Predicting).",
                    "Verification (default): asks the market's arbitrator which revealed candidate is the best whose model "
                    + "reproduces its predictions, or none, against the proposal of the verifier (or of its silence). "
                    + "--test-inputs: asks whether the sealed test inputs open under the released key into the test rows the "
                    + "metadata describes. The dispute costs the arbitration fee in ether and a deposit of one trainer stake in "
                    + "MDC (both printed before anything is sent): if the ruling overturns the decision you get the deposit "
                    + "back, the requester's verifier bond and your fee; if not, the deposit goes to the party the dispute "
                    + "delayed. One dispute per bounty and kind: others add evidence to it ('modelmarket evidence')."},
            footer = {"", "Examples:", "  modelmarket dispute 0x5c1e...9a --evidence rerun-report.json",
                    "  modelmarket dispute 0x5c1e...9a --test-inputs --evidence opened.txt"})
    static final class Dispute extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Mixin
        StoreOptions storeOptions;

        @Parameters(paramLabel = "BOUNTY_ID", converter = BountyIdConverter.class)
        Bytes32 bountyId;

        @Option(names = "--test-inputs", description = "Dispute the sealed test inputs (while Predicting) instead of the verification.")
        boolean testInputs;

        @Option(names = "--evidence", paramLabel = "FILE", converter = FileErrors.Readable.class,
                description = "A file backing the dispute (a re-run report, a log, ...), published with an ERC-1497 evidence JSON.")
        Path evidence;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the evidence shows (the evidence JSON's description).")
        String description;

        @Override
        int run(MarketConnection chain) throws Exception {
            Credentials credentials = keys.credentials();
            BountyMarket.Bounty bounty = chain.bounty(bountyId);
            String kind = testInputs ? "TestInputs" : "Verification";
            if (testInputs) {
                chain.requirePhase(bountyId, "Predicting", "the test inputs are disputed after the key release, while trainers predict");
            } else {
                chain.requirePhase(bountyId, "Challenging", "the verification's proposal is disputed in the window after Verifying");
            }
            if (testInputs ? bounty.testInputsDisputed : bounty.verificationDisputed) {
                throw new IllegalStateException("bounty " + bountyId.toHex() + " has its " + kind + " dispute already (one per bounty): add evidence"
                        + " to it with 'modelmarket evidence " + bountyId.toHex() + " FILE'");
            }
            BigInteger fee = chain.market().arbitrationCost().send();
            BigInteger deposit = bounty.trainerStake;
            String disputer = credentials.getAddress();
            chain.requireTokens(disputer, deposit, "the dispute's deposit");
            var out = out();
            if (!testInputs) {
                out.printf("proposal: %s%n", proposal(chain, bountyId));
            }
            out.printf("dispute of the %s of bounty %s: arbitration fee %s (to the arbitrator), deposit %s%n", kind, bountyId.toHex(),
                    Amounts.ether(fee), Amounts.format(deposit));
            out.flush();
            TransactionSender sender = chain.sender(credentials);
            String uri = evidence == null ? "" : publishEvidence(storeOptions.open(), evidence, description, kind + " dispute of bounty " + bountyId.toHex());
            approve(chain, sender, disputer, deposit, out);
            byte[] id = bountyId.toByteArray();
            String call = testInputs ? chain.market().disputeTestInputs(id, uri, fee).encodeFunctionCall()
                    : chain.market().disputeVerification(id, uri, fee).encodeFunctionCall();
            TransactionReceipt receipt = chain.send(sender, testInputs ? "disputeTestInputs" : "disputeVerification", chain.marketAddress, call, fee, out);
            BigInteger disputeId = BountyMarket.getDisputeRaisedEvents(receipt).get(0).disputeId;
            if (!uri.isEmpty()) {
                out.printf("  evidence %s%n", uri);
            }
            out.printf("dispute %s raised; bounty %s is now %s until the arbitrator %s rules (modelmarket rule %s RULING)%n", disputeId,
                    bountyId.toHex(), chain.phase(bountyId), chain.arbitrator().getContractAddress(), disputeId);
            return 0;
        }

        /** Approves the market to take the deposit, unless it may already. */
        private static void approve(MarketConnection chain, TransactionSender sender, String owner, BigInteger deposit, PrintWriter out) throws Exception {
            if (deposit.signum() == 0 || chain.token().allowance(owner, chain.marketAddress).send().compareTo(deposit) >= 0) {
                return;
            }
            chain.send(sender, "approve deposit " + Amounts.format(deposit), chain.token().getContractAddress(),
                    chain.token().approve(chain.marketAddress, deposit).encodeFunctionCall(), out);
        }
    }

    @Command(name = "evidence", mixinStandardHelpOptions = true,
            description = {"Adds evidence to a bounty's disputes (anyone, any time).",
                    "Publishes FILE to the content store with an ERC-1497 evidence JSON that points to it, and records the JSON's "
                    + "/ipfs/<cid> with submitEvidence."},
            footer = {"", "Example:", "  modelmarket evidence 0x5c1e...9a report.json \\", "      --description 'my model reproduces'"})
    static final class Evidence extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Mixin
        StoreOptions storeOptions;

        @Parameters(index = "0", paramLabel = "BOUNTY_ID", converter = BountyIdConverter.class)
        Bytes32 bountyId;

        @Parameters(index = "1", paramLabel = "FILE", converter = FileErrors.Readable.class, description = "The evidence file.")
        Path file;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the evidence shows (the evidence JSON's description).")
        String description;

        @Override
        int run(MarketConnection chain) throws Exception {
            chain.bounty(bountyId);
            String uri = publishEvidence(storeOptions.open(), file, description, "evidence for bounty " + bountyId.toHex());
            chain.send(chain.sender(keys.credentials()), "submitEvidence", chain.marketAddress,
                    chain.market().submitEvidence(bountyId.toByteArray(), uri).encodeFunctionCall(), out());
            out().printf("evidence %s added to bounty %s%n", uri, bountyId.toHex());
            return 0;
        }
    }

    @Command(name = "rule", mixinStandardHelpOptions = true,
            description = {"Rules a dispute, as the owner of the market's development arbitrator (Kleros's centralized arbitrator).",
                    "First does what the dispute is about and shows it: for a Verification dispute it re-runs every revealed "
                    + "candidate's model in the sandbox against its revealed predictions, best first, and shows which reproduce and "
                    + "the ruling that names the best of them; for a TestInputs dispute it opens the sealed test inputs with the "
                    + "released key and checks them against the metadata. Then it sends the ruling. Rulings: Verification, 1 to N "
                    + "the candidate with that commit sequence, N+1 (or 'none') no winner, 0 refuse (the proposal stands); "
                    + "TestInputs, 1 the inputs do not open (the requester is at fault), 2 they open."},
            footer = {"", "Example:", "  MODELMARKET_PRIVATE_KEY=$ARBITRATOR_OWNER_KEY modelmarket rule 0 2"})
    static final class Rule extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Mixin
        StoreOptions storeOptions;

        @Parameters(index = "0", paramLabel = "DISPUTE_ID", description = "The arbitrator's dispute id ('dispute' and 'bounty show' print it).")
        BigInteger disputeId;

        @Parameters(index = "1", paramLabel = "RULING", description = "The ruling: a number, or 'none' (a Verification dispute's no winner).")
        String ruling;

        @Override
        int run(MarketConnection chain) throws Exception {
            Credentials credentials = keys.credentials();
            BountyMarket.BountyDispute dispute = chain.market().getDispute(disputeId).send();
            String kind = MarketEnums.disputeKind(dispute.kind.intValue());
            if (kind.equals("None")) {
                throw new IllegalArgumentException("market " + chain.marketAddress + " raised no dispute " + disputeId);
            }
            if (dispute.ruled) {
                throw new IllegalStateException("dispute " + disputeId + " is ruled already; see modelmarket bounty show " + Bytes32.of(dispute.bountyId).toHex());
            }
            DevelopmentArbitrator arbitrator = chain.arbitrator();
            String owner = arbitrator.owner().send();
            if (!owner.equalsIgnoreCase(credentials.getAddress())) {
                throw new IllegalStateException("only the arbitrator's owner " + owner + " rules its disputes; the key is " + credentials.getAddress() + "'s");
            }
            Bytes32 bountyId = Bytes32.of(dispute.bountyId);
            BigInteger choices = chain.market().disputeChoices(bountyId.toByteArray(), dispute.kind).send();
            BigInteger chosen = ruling(choices, kind);
            List<MarketEvent> events = chain.events(bountyId);
            out().printf("dispute %s: %s of bounty %s, raised by %s%n", disputeId, kind, bountyId.toHex(), dispute.disputer);
            out().flush();
            if (kind.equals("Verification")) {
                rerunCandidates(chain, bountyId, events);
            } else {
                openTestInputs(bountyId, events);
            }
            chain.send(chain.sender(credentials), "rule " + disputeId + " " + chosen, arbitrator.getContractAddress(),
                    arbitrator.rule(disputeId, chosen).encodeFunctionCall(), out());
            BountyMarket.Bounty bounty = chain.bounty(bountyId);
            String phase = chain.phase(bountyId);
            out().printf("bounty %s is now %s%s%n", bountyId.toHex(), phase,
                    phase.equals("Completed") ? ", won by " + bounty.winner : "");
            return 0;
        }

        /** The ruling argument as a number within the dispute's choices. */
        private BigInteger ruling(BigInteger choices, String kind) {
            if (ruling.equalsIgnoreCase("none")) {
                if (!kind.equals("Verification")) {
                    throw new IllegalArgumentException("'none' is a Verification dispute's ruling; a TestInputs dispute is ruled 1 (the inputs do not open),"
                            + " 2 (they open) or 0 (refuse)");
                }
                return choices;
            }
            BigInteger value;
            try {
                value = new BigInteger(ruling.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("RULING must be a number from 0 to " + choices + (kind.equals("Verification") ? " or 'none'" : "")
                        + ", got '" + ruling + "'");
            }
            if (value.signum() < 0 || value.compareTo(choices) > 0) {
                throw new IllegalArgumentException("ruling " + value + " is not one of the dispute's choices, 0 to " + choices);
            }
            return value;
        }

        /**
         * Re-runs every revealed candidate (popped by the verifier or not), best first, and prints which reproduce, with the
         * choice that names each and the one the re-runs point to.
         */
        private void rerunCandidates(MarketConnection chain, Bytes32 bountyId, List<MarketEvent> events) throws Exception {
            BountyFiles files = BountyFiles.of(bountyId, events);
            List<RankingReview.Reveal> reveals = events.stream().filter(e -> e.name().equals("SubmissionRevealed"))
                    .map(e -> new RankingReview.Reveal(e.address("trainer"), e.text("modelCid"), e.text("predictions"))).toList();
            List<RankingReview.Choice> choices = RankingReview.choices(chain.market(), bountyId, reveals);
            out().printf("proposal: %s%n", proposal(chain, bountyId));
            ContentStore store = storeOptions.open();
            BountyMetadata metadata = files.metadata(store);
            VerificationRound round = VerificationRound.sandboxed(store, ModelLimits.defaults(), SandboxGate.unlimited(),
                    VerificationRound.DEFAULT_SEND_MARGIN, () -> 0);
            RankingReview.Outcome outcome;
            try (TemporaryFolder work = TemporaryFolder.create("modelmarket-rule-")) {
                Path inputs = Progress.step("open test inputs", () -> files.openTestInputs(store, metadata, work.resolve(BountyFiles.TEST_INPUTS_FILE)));
                var judged = new VerificationRound.Bounty(bountyId.toHex(), VerificationProposal.NOBODY, metadata, inputs, files.requireLabels(), Long.MAX_VALUE);
                outcome = RankingReview.review(round, judged, choices, RankingReview.noWinner(chain.market(), bountyId), new VerificationRound.Listener() {
                    @Override
                    public void judging(Candidate candidate) {
                        spec.commandLine().getErr().printf("  re-run %s ...%n", candidate.trainer());
                        spec.commandLine().getErr().flush();
                    }

                    @Override
                    public void judged(Judgement judgement) { // each re-run shown as it ends: a long review shows progress
                        String verdict = switch (judgement.verdict()) {
                            case ACCEPTED -> "reproduces";
                            case REJECTED -> "does not reproduce";
                            case INCONCLUSIVE -> "inconclusive";
                        };
                        int ruling = choices.stream().filter(choice -> choice.candidate().trainer().equals(judgement.trainer())).findFirst().orElseThrow().ruling();
                        out().printf("choice %d: %s (score %d): %s%n  %s%n", ruling, judgement.trainer(), judgement.candidate().score(), verdict,
                                judgement.explanation());
                        out().flush();
                    }
                });
            }
            out().printf("choice %d: no winner%nthe re-runs point to ruling %s%n", outcome.noWinner(), outcome.ruling().isPresent()
                    ? String.valueOf(outcome.ruling().getAsInt()) : "undecided (a re-run could not be made: see above)");
        }

        /** Opens the sealed test inputs with the released key and prints whether they are what the metadata describes. */
        private void openTestInputs(Bytes32 bountyId, List<MarketEvent> events) throws Exception {
            BountyFiles files = BountyFiles.of(bountyId, events);
            ContentStore store = storeOptions.open();
            try (TemporaryFolder work = TemporaryFolder.create("modelmarket-rule-")) {
                files.openTestInputs(store, files.metadata(store), work.resolve(BountyFiles.TEST_INPUTS_FILE));
                out().println("the sealed test inputs open under the released key into the rows and columns the metadata describes: ruling 2");
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                out().printf("the sealed test inputs do not open as the metadata describes (%s): ruling 1%n", e.getMessage());
            }
            out().flush();
        }
    }

    /** The verification's proposal, or the silent verifier's default, in words. */
    static String proposal(MarketConnection chain, Bytes32 bountyId) throws Exception {
        return VerificationProposal.describe(VerificationProposal.winner(chain.market(), bountyId));
    }

    /** Publishes {@code file} as ERC-1497 evidence ({@link DisputeEvidence}); returns the evidence JSON's URI, {@code /ipfs/<cid>}. */
    static String publishEvidence(ContentStore store, Path file, String description, String name) throws IOException {
        String fileName = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            return DisputeEvidence.publish(store, in, fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.') + 1) : null, name,
                    description != null ? description : "See the file " + fileName + ".");
        }
    }
}
