package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.protocol.Bytes32;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bounty fetch}: the published files, each checked against its CID, and a store that lies refused by name. */
class BountyFilesTest {
    private static final String TRAINING = "pixel0,pixel1,label\n0,255,1\n";
    private static final String METADATA = "{\"labelColumn\":\"label\"}";
    private static final String TEST_INPUTS = "pixel0,pixel1\n7,8\n";

    @TempDir
    Path dir;

    private LocalContentStore store;
    private BountyFiles bounty;

    @BeforeEach
    void publish() throws IOException {
        store = new LocalContentStore(dir.resolve("store"));
        bounty = new BountyFiles(Bytes32.randomSalt(), add(TRAINING).toString(), add(TEST_INPUTS).toString(), add(METADATA).toString(), null);
    }

    @Test
    void fetchesEveryPublishedFile() throws IOException {
        Path out = dir.resolve("work");
        assertThat(bounty.fetch(store, out)).containsExactly(
                out.resolve("training.csv"), out.resolve("metadata.json"), out.resolve("test-inputs.csv"));
        assertThat(out.resolve("training.csv")).hasContent(TRAINING);
        assertThat(out.resolve("metadata.json")).hasContent(METADATA);
        assertThat(out.resolve("test-inputs.csv")).hasContent(TEST_INPUTS);
    }

    @Test
    void aStoreThatReturnsOtherBytesIsRefusedNamingTheFile() throws IOException {
        // The store's block of the training data is overwritten: what it returns no longer hashes to the CID.
        Files.writeString(dir.resolve("store/blocks").resolve(bounty.trainingCid()), "pixel0,pixel1,label\n0,255,2\n");
        Path out = dir.resolve("work");
        assertThatThrownBy(() -> bounty.fetch(store, out))
                .hasMessageStartingWith("training data (training.csv): the store returned other bytes than " + bounty.trainingCid());
        try (Stream<Path> written = Files.list(out)) {
            assertThat(written).as("nothing is written from a corrupt download").isEmpty();
        }
    }

    @Test
    void contentTheStoreDoesNotHaveIsNamed() throws IOException {
        String elsewhere = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku").toString();
        BountyFiles unknown = new BountyFiles(bounty.bountyId(), bounty.trainingCid(), elsewhere, bounty.metadataCid(), null);
        assertThatThrownBy(() -> unknown.fetch(store, dir.resolve("work")))
                .hasMessageStartingWith("test inputs (test-inputs.csv): the content store has no " + elsewhere);
    }

    private Cid add(String content) throws IOException {
        return store.add(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }
}
