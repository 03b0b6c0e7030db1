package io.modelmarket.bounty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.ipfs.UnixFsImporter;
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
 * Fetching by CID, checked: the bytes land at the target only once they import to the CID and fit the bound; a
 * store that does not check what it serves is caught all the same, and every failure names the file.
 */
class ContentFetcherTest {
    private static final byte[] CONTENT = "pixel0,pixel1,label\n0,255,1\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private LocalContentStore store;
    private Cid cid;

    @BeforeEach
    void publish() throws IOException {
        store = new LocalContentStore(dir.resolve("store"));
        cid = store.add(new ByteArrayInputStream(CONTENT));
        Files.createDirectories(dir.resolve("work"));
    }

    @Test
    void fetchesTheContentAndReportsProgressToItsEnd() throws IOException {
        List<String> heard = new ArrayList<>();
        ContentFetcher fetcher = new ContentFetcher(store, 1 << 20, (what, bytes, done) -> heard.add(what + " " + bytes + (done ? " done" : "")));
        Path target = dir.resolve("work/training.csv");

        assertThat(fetcher.fetch(cid, "training data", target)).isEqualTo(target);

        assertThat(target).hasBinaryContent(CONTENT);
        assertThat(heard).last().isEqualTo("training data " + CONTENT.length + " done");
        assertThat(fetcher.read(cid, "training data")).isEqualTo(CONTENT);
    }

    @Test
    void aStoreThatServesOtherBytesUncheckedIsCaughtAndNothingIsWritten() throws IOException {
        ContentStore lying = new ServingOtherBytes(store, "pixel0,pixel1,label\n0,255,2\n".getBytes(StandardCharsets.UTF_8));
        List<String> failed = new ArrayList<>();
        ContentFetcher.Progress progress = new ContentFetcher.Progress() {
            @Override
            public void transferred(String what, long bytes, boolean done) {}

            @Override
            public void failed(String what, long bytes) {
                failed.add(what);
            }
        };
        assertThatThrownBy(() -> new ContentFetcher(lying, 1 << 20, progress).fetch(cid, "training data", dir.resolve("work/training.csv")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.problem()).isEqualTo(FetchException.Problem.CORRUPTED))
                .hasMessageStartingWith("training data (training.csv): the store returned other bytes than " + cid);
        assertThat(failed).as("the progress hears that the transfer failed").containsExactly("training data");
        assertThat(written()).isEmpty();
    }

    @Test
    void contentLargerThanTheBoundIsRefused() throws IOException {
        assertThatThrownBy(() -> new ContentFetcher(store, 8, ContentFetcher.Progress.NONE).fetch(cid, "training data", dir.resolve("work/t.csv")))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.problem()).isEqualTo(FetchException.Problem.TOO_LARGE))
                .hasMessage("training data (t.csv): the content of " + cid + " is larger than the 8 bytes a fetch accepts, so nothing was kept");
        assertThat(written()).isEmpty();
    }

    @Test
    void contentTheStoreDoesNotHaveIsNamed() {
        Cid elsewhere = UnixFsImporter.cidOf("elsewhere".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new ContentFetcher(store).read(elsewhere, "the model"))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason())
                        .isEqualTo("the content store has no " + elsewhere + " (is it the store the bounty was published to?)"))
                .hasMessageStartingWith("the model " + elsewhere + ": the content store has no " + elsewhere);
    }

    private List<Path> written() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("work"))) {
            return files.toList();
        }
    }

    /** A store that serves {@code bytes} for every CID without checking them, as an untrusted gateway might. */
    private record ServingOtherBytes(ContentStore real, byte[] bytes) implements ContentStore {
        @Override
        public Cid add(InputStream content) throws IOException {
            return real.add(content);
        }

        @Override
        public InputStream cat(Cid cid) {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public void pin(Cid cid) {}
    }
}
