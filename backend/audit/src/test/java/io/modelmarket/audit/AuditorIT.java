package io.modelmarket.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.seal.TestInputsSeal;
import io.modelmarket.testing.Bounties;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.LocalChainExtension;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.SandboxedVerifier;
import io.modelmarket.verify.TestModels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The audit on a bounty played on a development chain with {@link Bounties}: an honest winner, a trainer who
 * claimed more than it scored (slashed), one who never predicted (its stake burned at settlement). The honest
 * history passes every check; a store that serves other sealed bytes, a reveal naming another model than the
 * committed one, a burned stake credited to the requester, and a rejection of a model that reproduces each fail the
 * check that exists for them. A re-run the audit cannot make is inconclusive, never a pass; tokens sent to the
 * market directly are a surplus the audit names.
 */
@ExtendWith(LocalChainExtension.class)
class AuditorIT {
    /** Limits under which no sandbox worker JVM can start: every re-run is the audit's failure, not the model's. */
    private static final ModelLimits CRAMPED = new ModelLimits(ModelLimits.defaults().maxModelBytes(), ModelLimits.defaults().maxTensorElements(),
            ModelLimits.defaults().allowedDomains(), ModelLimits.defaults().timeout(), 64, 1, ModelLimits.defaults().batchSize());
    private static LocalChain chain;
    private static ContentStore store;
    private static Bounties.Bounty bounty;
    private static Bounties.Entry winner;
    private static Bounties.Entry overclaimer;
    private static BountyHistory history;
    @TempDir
    static Path work;

    @BeforeAll
    static void playABounty() throws Exception {
        store = new LocalContentStore(work.resolve("ipfs"));
        Bounties bounties = new Bounties(chain, store, work);
        Path csv = work.resolve("data.csv");
        Bounties.writeDataset(csv, 400, 11);
        Path model = Files.write(work.resolve("largest.onnx"), TestModels.pickLargestOfThree());

        bounty = bounties.create(csv);
        winner = bounties.commitModel(bounty, HardhatAccounts.account(3), model);
        overclaimer = bounties.commitModel(bounty, HardhatAccounts.account(4), model);
        Bounties.Entry silent = bounties.commitModel(bounty, HardhatAccounts.account(5), model);
        bounties.passModelDeadline(bounty);
        bounties.releaseKey(bounty);
        byte[] predictions = predict(model, bounty.testInputs());
        bounties.commitPredictions(bounty, winner, predictions);
        bounties.commitPredictions(bounty, overclaimer, predictions);
        bounties.passWindow();
        bounties.revealGroundTruth(bounty);
        bounties.claimScore(bounty, winner);
        bounties.claimScore(bounty, overclaimer, Bounties.score(bounty, overclaimer) + 1);
        bounties.passWindow();
        bounties.revealSubmission(bounty, overclaimer);
        bounties.revealSubmission(bounty, winner);
        bounties.passWindow();
        bounties.attestVerification(bounty, List.of(), true);
        bounties.settle(bounty, silent);

        history = new BountyHistoryReader(chain.web3j, LocalChain.CHAIN_ID, chain.marketAddress, chain.deployBlock).read(bounty.id());
    }

    @Test
    void theHonestHistoryPassesEveryCheck() {
        AuditReport report = audit(store, history);

        assertThat(report.failures()).isEmpty();
        assertThat(report.checks()).extracting(Check::name).contains("bounty.id", "data.files", "data.consistent", "data.sealedInputs",
                "groundTruth.commitment", "groundTruth.labels", "data.split", "model.committedBeforeRelease[" + winner.address() + "]",
                "reveal.commitments[" + winner.address() + "]", "reveal.outcome[" + overclaimer.address() + "]",
                "model.reproduces[" + winner.address() + "]", "ranking.candidates", "payouts.credits", "payouts.noStakeToSlasher",
                "escrow.bounty", "money.invariant");
        assertThat(detail(report, "payouts.noStakeToSlasher")).startsWith("stakes slashed or forfeited: 2, each credited to the burn address");
        assertThat(report.leaderboard().get(0).trainer()).isEqualTo(overclaimer.address()); // the best claim, slashed at its reveal
        // slashed by the recount, so never the verifier's to judge: its model is not fetched (the CLI does not upload it)
        assertThat(report.checks()).extracting(Check::name).doesNotContain("model.reproduces[" + overclaimer.address() + "]");
        assertThat(detail(report, "model.reproduces[" + winner.address() + "]"))
                .isEqualTo("the winner's model is reproduced: its re-run reproduces all " + bounty.testSize() + " revealed predictions");
        assertThat(report.verdict()).isEqualTo(AuditReport.Verdict.PASSED);
        assertThat(report.toText()).contains("verdict: every check holds");
        assertThat(report.toJson()).contains("\"passed\" : true", "\"verdict\" : \"PASSED\"", "\"reward\" : \"" + Bounties.REWARD + "\"");
        assertThat(report.toHtml()).contains("Every check holds", "<svg");
    }

    @Test
    void sealedTestInputsThatDoNotOpenFailDataSealedInputs() {
        byte[] tampered;
        try (InputStream in = store.cat(bounty.sealedTestInputsCid())) {
            tampered = in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        tampered[0] ^= 1;
        ContentStore lying = new ServingOtherBytes(store, bounty.sealedTestInputsCid(), tampered);

        AuditReport report = audit(lying, history);

        assertThat(detail(report, "data.sealedInputs")).startsWith("the sealed test inputs cannot be checked");
        assertThat(detail(report, "data.files")).startsWith("sealed test inputs " + bounty.sealedTestInputsCid() + ": ");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void sealedTestInputsTheReleasedKeyDoesNotOpenFailDataSealedInputs() throws IOException {
        // What a requester who wants every stake burned would publish: a file that no key opens, under its own CID.
        Cid other;
        try (InputStream in = TestInputsSeal.seal(bounty.id(), TestInputsSeal.newKey(),
                Files.newInputStream(bounty.testInputs()))) {
            other = store.addAndPin(in);
        }
        BountyHistory doctored = history.withEvents(history.events().stream()
                .map(e -> e.name().equals("BountyCreated")
                        ? e.withFields(withParam(e, "sealedTestInputsCid", other.toString())) : e)
                .toList());

        AuditReport report = audit(store, doctored);

        assertThat(detail(report, "data.files")).startsWith("training data, sealed test inputs and metadata are available");
        assertThat(detail(report, "data.sealedInputs")).isEqualTo("the released key opens its commitment but not the sealed test inputs "
                + other + ": the sealed test inputs do not open under this key: wrong key, or the file was changed");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void aRevealedModelThatIsNotTheCommittedOneFails() {
        String otherModel = bounty.trainingCid().toString();
        BountyHistory doctored = history.withEvents(history.events().stream()
                .map(e -> e.name().equals("SubmissionRevealed") && e.address("trainer").equals(winner.address())
                        ? e.withFields(((ObjectNode) e.fields().deepCopy()).put("modelCid", otherModel)) : e)
                .toList());

        AuditReport report = audit(store, doctored);

        assertThat(detail(report, "model.committedBeforeRelease[" + winner.address() + "]"))
                .startsWith("the revealed model " + otherModel + " and its salt give ").contains("not the commitment");
    }

    @Test
    void aBurnedStakeCreditedToTheRequesterFailsNoStakeToSlasher() {
        List<MarketEvent> events = new ArrayList<>(history.events());
        int slashed = events.indexOf(history.first("SubmissionSlashed").orElseThrow());
        MarketEvent burn = events.get(slashed + 1);
        assertThat(burn.name()).isEqualTo("Credited");
        events.set(slashed + 1, burn.withFields(((ObjectNode) burn.fields().deepCopy()).put("account", bounty.requester().getAddress())));

        AuditReport report = audit(store, history.withEvents(events));

        assertThat(detail(report, "payouts.noStakeToSlasher")).startsWith("the " + Bounties.STAKE + " taken from " + overclaimer.address()
                + " (SubmissionSlashed, block ").contains("went to the requester " + bounty.requester().getAddress().toLowerCase());
    }

    @Test
    void aReRunTheAuditCannotMakeIsInconclusiveNeverAPass() {
        AuditReport report = new Auditor(store, CRAMPED).audit(history);

        Check rerun = check(report, "model.reproduces[" + winner.address() + "]");
        assertThat(rerun.status()).isEqualTo(Check.Status.INCONCLUSIVE);
        assertThat(rerun.detail()).startsWith("inconclusive: the audit could not run the model: its worker did not start: ");
        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isFalse();
        assertThat(report.verdict()).isEqualTo(AuditReport.Verdict.INCONCLUSIVE);
        assertThat(report.leaderboard()).filteredOn(s -> s.trainer().equals(winner.address()))
                .singleElement().satisfies(s -> assertThat(s.rerun()).isEqualTo("inconclusive")).satisfies(s -> assertThat(s.reproduced()).isNull());
        assertThat(report.toText()).contains("  INCONCLUSIVE  model.reproduces[" + winner.address() + "]: inconclusive: ",
                "verdict: INCONCLUSIVE: 1 of " + report.checks().size() + " checks could not be made: model.reproduces[").doesNotContain("every check holds");
        assertThat(report.toJson()).contains("\"passed\" : false", "\"verdict\" : \"INCONCLUSIVE\"", "\"status\" : \"INCONCLUSIVE\"");
        assertThat(report.toHtml()).contains("Inconclusive: 1 of ", "class=\"inconclusive\">INCONCLUSIVE").doesNotContain("Every check holds");
    }

    @Test
    void aRejectionIsNeverConfirmedByAReRunThatCouldNotBeMade() {
        // The verifier rejected the winner's model and the bounty ended without a winner; the audit's own run cannot be made.
        BountyHistory rejected = history.withEvents(history.events().stream()
                .filter(e -> !e.name().equals("BountyCompleted"))
                .map(e -> e.name().equals("VerificationAttested") && e.address("trainer").equals(winner.address())
                        ? e.withFields(((ObjectNode) e.fields().deepCopy()).put("reproduced", false)) : e)
                .toList());

        Check rerun = check(new Auditor(store, CRAMPED).audit(rejected), "model.reproduces[" + winner.address() + "]");

        assertThat(rerun.status()).isEqualTo(Check.Status.INCONCLUSIVE);
        assertThat(rerun.detail()).endsWith("; the verifier attested reproduced=false, which this audit can neither confirm nor refute");
    }

    @Test
    void aRejectionOfAModelTheAuditReproducesFails() {
        BountyHistory rejected = history.withEvents(history.events().stream()
                .map(e -> e.name().equals("VerificationAttested") && e.address("trainer").equals(winner.address())
                        ? e.withFields(((ObjectNode) e.fields().deepCopy()).put("reproduced", false)) : e)
                .toList());

        Check rerun = check(audit(store, rejected), "model.reproduces[" + winner.address() + "]");

        assertThat(rerun.status()).isEqualTo(Check.Status.FAIL);
        assertThat(rerun.detail()).isEqualTo("reproduced: its re-run reproduces all " + bounty.testSize()
                + " revealed predictions; the verifier attested reproduced=false");
    }

    @Test
    void tokensSentToTheMarketDirectlyAreASurplusTheAuditNamesNotAFailure() throws Exception {
        BigInteger gift = LocalChain.MDC.multiply(BigInteger.valueOf(7));
        Credentials stranger = HardhatAccounts.account(8);
        chain.fund(stranger.getAddress(), gift);
        chain.coinAs(stranger).transfer(chain.marketAddress, gift).send();
        BountyHistory later = new BountyHistoryReader(chain.web3j, LocalChain.CHAIN_ID, chain.marketAddress, chain.deployBlock).read(bounty.id());

        AuditReport report = audit(store, later);

        assertThat(report.failures()).isEmpty();
        BountyHistory.MarketMoney money = later.money();
        assertThat(money.tokenBalance()).isEqualTo(money.totalEscrow().add(money.totalCredits()).add(gift));
        assertThat(detail(report, "money.invariant")).isEqualTo("the market holds " + money.tokenBalance() + ", at least the "
                + money.totalEscrow().add(money.totalCredits()) + " it owes (escrow of " + money.bounties() + " bounties + credits of "
                + money.accounts() + " accounts); the surplus of " + gift + " was sent to it directly, outside any bounty; in ether it holds "
                + money.ether().balance() + " wei, at least the " + money.ether().balance() + " of the fee bonds 0 and the fee credits "
                + money.ether().balance()); // the requester's fee bond, returned as fee credits
        assertThat(money.ether().balance()).isEqualTo(chain.marketAs(HardhatAccounts.account(0)).arbitrationCost().send());
    }

    @Test
    void aMarketHoldingLessThanItOwesFailsTheInvariant() {
        BountyHistory.MarketMoney money = history.money();
        BigInteger owed = money.totalEscrow().add(money.totalCredits());
        BountyHistory lacking = new BountyHistory(history.chainId(), history.market(), history.bountyId(), history.events(), history.blockTimes(),
                history.escrow(), new BountyHistory.MarketMoney(owed.subtract(BigInteger.ONE), money.totalEscrow(), money.totalCredits(),
                        money.bounties(), money.accounts(), money.ether()), history.rulings());

        assertThat(detail(audit(store, lacking), "money.invariant")).contains("): 1 missing; in ether it holds ");
    }

    @Test
    void theReaderNamesABountyTheMarketDoesNotHold() {
        BountyHistoryReader reader = new BountyHistoryReader(chain.web3j, LocalChain.CHAIN_ID, chain.marketAddress, chain.deployBlock);
        Bytes32 unknown = Bytes32.fromHex("0x" + "ab".repeat(32));

        assertThatThrownBy(() -> reader.read(unknown)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("market " + chain.marketAddress.toLowerCase() + " on chain 31337 has no bounty " + unknown.toHex());
    }

    private static ObjectNode withParam(MarketEvent created, String field, String value) {
        ObjectNode fields = created.fields().deepCopy();
        ((ObjectNode) fields.get("params")).put(field, value);
        return fields;
    }

    private static AuditReport audit(ContentStore from, BountyHistory replayed) {
        return new Auditor(from, ModelLimits.defaults()).audit(replayed);
    }

    /** The detail of the check called {@code name}. */
    private static String detail(AuditReport report, String name) {
        return check(report, name).detail();
    }

    private static Check check(AuditReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no check " + name));
    }

    private static byte[] predict(Path model, Path testInputs) throws Exception {
        int[] classes = new SandboxedVerifier(ModelLimits.defaults()).predict(Files.readAllBytes(model), testInputs, 3, 3, null);
        byte[] predictions = new byte[classes.length];
        for (int i = 0; i < classes.length; i++) {
            predictions[i] = (byte) classes[i];
        }
        return predictions;
    }

    /** A store (or gateway) that does not check what it serves: other bytes under one CID. */
    private record ServingOtherBytes(ContentStore store, Cid cid, byte[] bytes) implements ContentStore {
        @Override
        public Cid add(InputStream content) throws IOException {
            return store.add(content);
        }

        @Override
        public InputStream cat(Cid asked) throws IOException {
            return asked.equals(cid) ? new ByteArrayInputStream(bytes) : store.cat(asked);
        }

        @Override
        public void pin(Cid pinned) throws IOException {
            store.pin(pinned);
        }
    }
}
