package io.modelmarket.bounty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.ipfs.UnixFsImporter;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.Hex;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bounty as its events tell it: terms, parties, key, labels and reveals; a CID the chain holds that is none is refused by name. */
class BountyRecordTest {
    private static final Bytes32 ID = Bytes32.randomSalt();
    private static final Bytes32 KEY = Bytes32.randomSalt();
    private static final String TRAINING = UnixFsImporter.cidOf("training".getBytes(StandardCharsets.UTF_8)).toString();

    private static Events created(String trainingCid) {
        return new Events().add("BountyCreated", "bountyId", ID.toHex(), "requester", "0xAAAA", "verifier", "0xBBBB",
                "params", Events.params("reward", 1000, "testSize", 100, "numClasses", 3, "trainingCid", trainingCid,
                        "sealingKeyCommitment", Commitments.sealingKey(ID, KEY).toHex()));
    }

    @Test
    void readsTheTermsAndPartiesFromBountyCreated() {
        BountyRecord bounty = BountyRecord.of(ID, created(TRAINING).list());
        assertThat(bounty.requester()).isEqualTo("0xaaaa");
        assertThat(bounty.verifier()).isEqualTo("0xbbbb");
        assertThat(bounty.number("reward")).isEqualTo(1000);
        assertThat(bounty.number("minScore")).as("absent numbers are zero").isZero();
        assertThat(bounty.testSize()).isEqualTo(100);
        assertThat(bounty.numClasses()).isEqualTo(3);
        assertThat(bounty.trainingCid()).hasToString(TRAINING);
    }

    @Test
    void theKeyLabelsAndRevealsAppearWithTheirEvents() {
        BountyRecord before = BountyRecord.of(ID, created(TRAINING).list());
        assertThat(before.sealingKey()).isNull();
        assertThat(before.labels()).isNull();
        assertThatThrownBy(before::requireLabels).hasMessage("the labels of bounty " + ID.toHex() + " are not revealed yet");
        assertThat(before.reveal("0xcccc")).isEmpty();

        Bytes32 salt = Bytes32.randomSalt();
        BountyRecord after = BountyRecord.of(ID, created(TRAINING).add("KeyReleased", "key", KEY.toHex())
                .add("GroundTruthRevealed", "labels", "0x000102", "salt", salt.toHex())
                .add("SubmissionRevealed", "trainer", "0xCCCC", "score", 2).list());
        assertThat(after.sealingKey()).isEqualTo(KEY);
        assertThat(after.opensSealingKeyCommitment(KEY)).isTrue();
        assertThat(after.opensSealingKeyCommitment(Bytes32.randomSalt())).isFalse();
        assertThat(Hex.encode(after.requireLabels())).isEqualTo("0x000102");
        assertThat(after.labelsSalt()).isEqualTo(salt);
        assertThat(after.reveal("0xcccc")).get().extracting(e -> e.number("score").intValue()).isEqualTo(2);
    }

    @Test
    void eventsWithoutBountyCreatedAreNoBounty() {
        assertThatThrownBy(() -> BountyRecord.of(ID, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no BountyCreated event for bounty " + ID.toHex());
    }

    @Test
    void aCidThatIsNoneIsRefusedNamingTheFileAndWhatTheChainHolds() {
        BountyRecord bounty = BountyRecord.of(ID, created("not-a-cid").list());
        assertThatThrownBy(bounty::trainingCid).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bounty " + ID.toHex() + " names 'not-a-cid' as its training data, which is not a CID");
        assertThat(BountyRecord.display("not-a-cid")).isEqualTo("invalid CID 'not-a-cid'");
        assertThat(BountyRecord.display(TRAINING)).isEqualTo(TRAINING);
    }
}
