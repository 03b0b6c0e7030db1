package io.modelmarket.ipfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalContentStoreTest {
    private static final int CHUNK = UnixFsImporter.CHUNK_SIZE;

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(longs = {0, 1, CHUNK, CHUNK + 1, 3L * CHUNK + 17, 174L * CHUNK + 1})
    void givesBackExactlyWhatWasAdded(long size) throws Exception {
        LocalContentStore store = new LocalContentStore(root);
        Cid cid = store.add(new GeneratedContent(7, size));
        assertThat(cid).isEqualTo(UnixFsImporter.importStream(new GeneratedContent(7, size), BlockSink.DISCARD));
        try (InputStream read = store.cat(cid)) {
            assertThat(sha256(read)).isEqualTo(sha256(new GeneratedContent(7, size)));
        }
        assertThat(blockFiles("staging")).isEmpty();
    }

    @Test
    void refusesATamperedBlock() throws Exception {
        LocalContentStore store = new LocalContentStore(root);
        Cid cid = store.add(new GeneratedContent(1, 3L * CHUNK));
        Path leaf = blockFiles("blocks").filter(p -> p.getFileName().toString().startsWith("bafkrei")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(leaf);
        bytes[100] ^= 1;
        Files.write(leaf, bytes);
        assertThatThrownBy(() -> store.cat(cid).readAllBytes())
                .isInstanceOf(ContentCorruptedException.class)
                .hasMessageContaining("does not match its CID");
    }

    @Test
    void saysWhatIsMissing() throws Exception {
        LocalContentStore store = new LocalContentStore(root);
        Cid unknown = UnixFsImporter.cidOf("never added".getBytes());
        assertThatThrownBy(() -> store.cat(unknown))
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessage("content not found: " + unknown);
    }

    @Test
    void keepsNothingOfAFailedAdd() throws Exception {
        LocalContentStore store = new LocalContentStore(root);
        InputStream failing = new java.io.SequenceInputStream(new GeneratedContent(3, 2L * CHUNK + 5), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk unplugged");
            }
        });
        assertThatThrownBy(() -> store.add(failing)).hasMessage("disk unplugged");
        assertThat(blockFiles("blocks")).isEmpty();
        assertThat(blockFiles("staging")).isEmpty();
    }

    @Test
    void pinsOnlyWhatIsWhole() throws Exception {
        LocalContentStore store = new LocalContentStore(root);
        Cid cid = store.add(new ByteArrayInputStream("model.onnx".getBytes()));
        store.pin(cid);
        store.pin(cid);
        assertThat(store.isPinned(cid)).isTrue();
        assertThatThrownBy(() -> store.pin(UnixFsImporter.cidOf(new byte[] {9}))).isInstanceOf(ContentNotFoundException.class);
    }

    private Stream<Path> blockFiles(String folder) throws IOException {
        return Files.list(root.resolve(folder)).toList().stream();
    }

    private static byte[] sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[65536];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return digest.digest();
    }
}
