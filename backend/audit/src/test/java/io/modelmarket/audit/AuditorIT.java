package io.modelmarket.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.V2Bounties;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.seal.TestInputsSeal;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.SandboxedVerifier;
import io.modelmarket.verify.TestModels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v2 audit on a bounty played on a development chain with {@link V2Bounties}: an honest winner, a trainer who
 * claimed more than it scored (slashed), one who never predicted (its stake burned at settlement). The honest
 * history passes every check; a store that serves other sealed bytes, a reveal naming another model than the
 * committed one, and a burned stake credited to the requester each fail the check that exists for them.
 */
class AuditorIT {
    private static LocalChain chain;
    private static ContentStore store;
    private static V2Bounties.Bounty bounty;
    private static V2Bounties.Entry winner;
    private static V2Bounties.Entry overclaimer;
    private static BountyHistory history;
    @TempDir
    static Path work;

    @BeforeAll
    static void playABounty() throws Exception {
        chain = LocalChain.start();
        store = new LocalContentStore(work.resolve("ipfs"));
        V2Bounties bounties = new V2Bounties(chain, store, work);
        Path csv = work.resolve("data.csv");
        V2Bounties.writeDataset(csv, 400, 11);
        Path model = Files.write(work.resolve("largest.onnx"), TestModels.pickLargestOfThree());

        bounty = bounties.create(csv);
        winner = bounties.commitModel(bounty, HardhatAccounts.account(3), model);
        overclaimer = bounties.commitModel(bounty, HardhatAccounts.account(4), model);
        V2Bounties.Entry silent = bounties.commitModel(bounty, HardhatAccounts.account(5), model);
        bounties.passModelDeadline(bounty);
        bounties.releaseKey(bounty);
        byte[] predictions = predict(model, bounty.testInputs());
        bounties.commitPredictions(bounty, winner, predictions);
        bounties.commitPredictions(bounty, overclaimer, predictions);
        bounties.passWindow();
        bounties.revealGroundTruth(bounty);
        bounties.claimScore(bounty, winner);
        bounties.claimScore(bounty, overclaimer, V2Bounties.score(bounty, overclaimer) + 1);
        bounties.passWindow();
        bounties.revealSubmission(bounty, overclaimer);
        bounties.revealSubmission(bounty, winner);
        bounties.passWindow();
        bounties.attestVerification(bounty, List.of(), true);
        bounties.settle(bounty, silent);

        history = new BountyHistoryReader(chain.web3j, LocalChain.CHAIN_ID, chain.marketV2Address, chain.deployBlock).read(bounty.id());
    }

    @AfterAll
    static void stopChain() throws IOException {
        chain.close();
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
        assertThat(report.toText()).contains("verdict: every check holds");
        assertThat(report.toJson()).contains("\"passed\" : true", "\"reward\" : \"" + V2Bounties.REWARD + "\"");
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

        assertThat(detail(report, "payouts.noStakeToSlasher")).startsWith("the " + V2Bounties.STAKE + " taken from " + overclaimer.address()
                + " (SubmissionSlashed, block ").contains("went to the requester " + bounty.requester().getAddress().toLowerCase());
    }

    @Test
    void theReaderNamesABountyTheMarketDoesNotHold() {
        BountyHistoryReader reader = new BountyHistoryReader(chain.web3j, LocalChain.CHAIN_ID, chain.marketV2Address, chain.deployBlock);
        Bytes32 unknown = Bytes32.fromHex("0x" + "ab".repeat(32));

        assertThatThrownBy(() -> reader.read(unknown)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("market " + chain.marketV2Address.toLowerCase() + " on chain 31337 has no bounty " + unknown.toHex());
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
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no check " + name))
                .detail();
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
