package io.modelmarket.bounty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.seal.SealBrokenException;
import io.modelmarket.seal.TestInputsSeal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening the sealed test inputs: fetched, opened with the released key, checked against the metadata; sealed before
 * the release, a wrong key and inputs that are not the metadata's refused, each naming what is wrong.
 */
class SealedTestInputsTest {
    private static final String TEST_INPUTS = "pixel0,pixel1\n7,8\n9,10\n";

    @TempDir
    Path dir;

    private LocalContentStore store;
    private ContentFetcher fetcher;
    private Bytes32 bountyId;
    private Bytes32 key;

    @BeforeEach
    void setUp() throws IOException {
        store = new LocalContentStore(dir.resolve("store"));
        fetcher = new ContentFetcher(store);
        bountyId = Bytes32.randomSalt();
        key = TestInputsSeal.newKey();
    }

    @Test
    void opensWithTheReleasedKeyAndKeepsNoSealedFile() throws IOException {
        Path target = dir.resolve("test-inputs.csv");
        assertThat(SealedTestInputs.open(fetcher, bounty(TEST_INPUTS, key), metadata(2), target)).isEqualTo(target);
        assertThat(target).hasContent(TEST_INPUTS);
        assertThat(dir.resolve("test-inputs.csv.sealed")).doesNotExist();
    }

    @Test
    void beforeTheReleaseTheyAreSealed() {
        assertThatThrownBy(() -> SealedTestInputs.open(fetcher, bounty(TEST_INPUTS, null), metadata(2), dir.resolve("test-inputs.csv")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("are sealed until the requester releases the key");
    }

    @Test
    void aWrongKeyOpensNothing() {
        Path target = dir.resolve("test-inputs.csv");
        assertThatThrownBy(() -> SealedTestInputs.open(fetcher, bounty(TEST_INPUTS, TestInputsSeal.newKey()), metadata(2), target))
                .isInstanceOf(SealBrokenException.class).hasMessageContaining("do not open under this key");
        assertThat(target).doesNotExist();
    }

    @Test
    void testInputsThatAreNotWhatTheMetadataSaysAreRefused() {
        assertThatThrownBy(() -> SealedTestInputs.open(fetcher, bounty(TEST_INPUTS, key), metadata(3), dir.resolve("test-inputs.csv")))
                .isInstanceOf(SealedTestInputs.TestInputsMismatchException.class)
                .hasMessage("the opened test inputs have 2 rows, but the metadata says 3");
        assertThatThrownBy(() -> SealedTestInputs.open(fetcher, bounty("pixel0,other\n1,2\n3,4\n", key), metadata(2), dir.resolve("test-inputs.csv")))
                .hasMessage("the opened test inputs have the columns [pixel0, other], but the metadata names [pixel0, pixel1]");
        // Text in a float32 column would make every model's run fail by the requester's doing (attack N3's kind).
        assertThatThrownBy(() -> SealedTestInputs.open(fetcher, bounty("pixel0,pixel1\n1, \n3,red\n", key), metadata(2), dir.resolve("test-inputs.csv")))
                .hasMessage("row 1 of the opened test inputs holds 'red' in column 'pixel1', which the metadata types float32: not a number");
    }

    /** The bounty with {@code testInputs} sealed under {@link #key}, and {@code released} as the released key (null: not yet). */
    private BountyRecord bounty(String testInputs, Bytes32 released) throws IOException {
        String sealedCid;
        try (InputStream sealed = TestInputsSeal.seal(bountyId, key, new ByteArrayInputStream(testInputs.getBytes(StandardCharsets.UTF_8)))) {
            sealedCid = store.add(sealed).toString();
        }
        Events events = new Events().add("BountyCreated", "requester", "0xaaaa", "verifier", "0xbbbb",
                "params", Events.params("sealedTestInputsCid", sealedCid, "testSize", 2));
        if (released != null) {
            events.add("KeyReleased", "key", released.toHex());
        }
        return BountyRecord.of(bountyId, events.list());
    }

    private static BountyMetadata metadata(int testSize) {
        return new BountyMetadata(BountyMetadata.SCHEMA, BountyMetadata.SCHEMA_VERSION, "Pixels", null, BountyMetadata.CLASSIFICATION,
                List.of(new BountyMetadata.Feature("pixel0", "float32"), new BountyMetadata.Feature("pixel1", "float32")), "label",
                List.of("0", "1"), testSize, 1, null, null, new BountyMetadata.Split(0.2, true), new BountyMetadata.OnnxConvention("float32", null));
    }
}
