package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.seal.TestInputsSeal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bounty fetch}: the published files, each checked against its CID, the test inputs opened with the released
 * key and checked against the metadata; a store that lies, a wrong key and inputs that are not the metadata's refused.
 */
class BountyFilesTest {
    private static final String TRAINING = "pixel0,pixel1,label\n0,255,1\n";
    private static final String TEST_INPUTS = "pixel0,pixel1\n7,8\n9,10\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private LocalContentStore store;
    private Bytes32 bountyId;
    private Bytes32 key;
    private String metadataCid;

    @BeforeEach
    void publish() throws IOException {
        store = new LocalContentStore(dir.resolve("store"));
        bountyId = Bytes32.randomSalt();
        key = TestInputsSeal.newKey();
        metadataCid = add(metadata(2).toJson()).toString();
    }

    @Test
    void beforeTheReleaseFetchesTrainingDataAndMetadataOnly() throws IOException {
        Path out = dir.resolve("work");
        assertThat(bounty(TEST_INPUTS, null).fetch(store, out)).containsExactly(out.resolve("training.csv"), out.resolve("metadata.json"));
        assertThat(out.resolve("training.csv")).hasContent(TRAINING);
        assertThatThrownBy(() -> bounty(TEST_INPUTS, null).openTestInputs(store, metadata(2), out.resolve("test-inputs.csv")))
                .hasMessageContaining("are sealed until the requester releases the key");
    }

    @Test
    void afterTheReleaseOpensTheTestInputsWithTheKey() throws IOException {
        Path out = dir.resolve("work");
        assertThat(bounty(TEST_INPUTS, key).fetch(store, out)).containsExactly(
                out.resolve("training.csv"), out.resolve("metadata.json"), out.resolve("test-inputs.csv"));
        assertThat(out.resolve("test-inputs.csv")).hasContent(TEST_INPUTS);
        assertThat(out.resolve("test-inputs.csv.sealed")).doesNotExist();
    }

    @Test
    void aWrongKeyOpensNothing() {
        Path out = dir.resolve("work");
        BountyFiles files = bounty(TEST_INPUTS, TestInputsSeal.newKey());
        assertThatThrownBy(() -> files.fetch(store, out)).hasMessageContaining("do not open under this key");
        assertThat(out.resolve("test-inputs.csv")).doesNotExist();
    }

    @Test
    void testInputsThatAreNotWhatTheMetadataSaysAreRefused() {
        assertThatThrownBy(() -> bounty(TEST_INPUTS, key).openTestInputs(store, metadata(3), dir.resolve("test-inputs.csv")))
                .hasMessage("the opened test inputs have 2 rows, but the metadata says 3");
        assertThatThrownBy(() -> bounty("pixel0,other\n1,2\n3,4\n", key).openTestInputs(store, metadata(2), dir.resolve("test-inputs.csv")))
                .hasMessage("the opened test inputs have the columns [pixel0, other], but the metadata names [pixel0, pixel1]");
    }

    @Test
    void aStoreThatReturnsOtherBytesIsRefusedNamingTheFile() throws IOException {
        BountyFiles bounty = bounty(TEST_INPUTS, key);
        // The store's block of the training data is overwritten: what it returns no longer hashes to the CID.
        String trainingCid = bounty.bounty().trainingCid().toString();
        Files.writeString(dir.resolve("store/blocks").resolve(trainingCid), "pixel0,pixel1,label\n0,255,2\n");
        Path out = dir.resolve("work");
        assertThatThrownBy(() -> bounty.fetch(store, out))
                .hasMessageStartingWith("training data (training.csv): the store returned other bytes than " + trainingCid);
        try (Stream<Path> written = Files.list(out)) {
            assertThat(written).as("nothing is written from a corrupt download").isEmpty();
        }
    }

    @Test
    void contentTheStoreDoesNotHaveIsNamed() {
        String elsewhere = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku").toString();
        BountyFiles unknown = published(bounty(TEST_INPUTS, key).bounty().trainingCid().toString(), elsewhere, key);
        assertThatThrownBy(() -> unknown.fetch(store, dir.resolve("work")))
                .hasMessageStartingWith("sealed test inputs (test-inputs.csv.sealed): the content store has no " + elsewhere);
    }

    /** The bounty with its test inputs {@code testInputs} sealed, and the key released when {@code released} is not null. */
    private BountyFiles bounty(String testInputs, Bytes32 released) {
        try (InputStream sealed = TestInputsSeal.seal(bountyId, key, new ByteArrayInputStream(testInputs.getBytes(StandardCharsets.UTF_8)))) {
            return published(add(TRAINING.getBytes(StandardCharsets.UTF_8)).toString(), store.add(sealed).toString(), released);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The bounty as its events tell it: created with these CIDs, and the key released when {@code released} is not null. */
    private BountyFiles published(String trainingCid, String sealedTestInputsCid, Bytes32 released) {
        ObjectNode params = JSON.createObjectNode().put("trainingCid", trainingCid).put("sealedTestInputsCid", sealedTestInputsCid)
                .put("metadataCid", metadataCid);
        List<MarketEvent> events = new ArrayList<>();
        events.add(new MarketEvent("BountyCreated", 1, "0x01", 0, JSON.createObjectNode().put("requester", "0xaaaa").put("verifier", "0xbbbb")
                .set("params", params)));
        if (released != null) {
            events.add(new MarketEvent("KeyReleased", 2, "0x02", 0, JSON.createObjectNode().put("key", released.toHex())));
        }
        return BountyFiles.of(bountyId, events);
    }

    private static BountyMetadata metadata(int testSize) {
        return new BountyMetadata(BountyMetadata.SCHEMA, BountyMetadata.SCHEMA_VERSION, "Pixels", null, BountyMetadata.CLASSIFICATION,
                List.of(new BountyMetadata.Feature("pixel0", "float32"), new BountyMetadata.Feature("pixel1", "float32")), "label",
                List.of("0", "1"), testSize, 1, null, null, new BountyMetadata.Split(0.2, true), new BountyMetadata.OnnxConvention("float32", null));
    }

    private Cid add(byte[] content) throws IOException {
        return store.add(new ByteArrayInputStream(content));
    }
}
