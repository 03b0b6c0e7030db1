package io.modelmarket.ipfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import io.modelmarket.testing.JsIpfsNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client against a real js-ipfs daemon: the node's CIDs are ours, and the embedded store agrees with it. */
class KuboRpcClientIT {
    private static final int CHUNK = UnixFsImporter.CHUNK_SIZE;

    @TempDir
    static Path repository;

    private static JsIpfsNode node;
    private static KuboRpcClient client;

    @BeforeAll
    static void startNode() {
        node = JsIpfsNode.start(repository);
        client = new KuboRpcClient(node.apiUrl(), Duration.ofSeconds(60), 3);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, CHUNK, CHUNK + 1, 3L * CHUNK + 17, 174L * CHUNK + 1})
    void theNodeComputesOurCidsAndServesTheBytesBack(long size) throws IOException {
        Cid cid = client.add(new GeneratedContent(11, size));
        assertThat(cid).isEqualTo(UnixFsImporter.importStream(new GeneratedContent(11, size), BlockSink.DISCARD));
        try (InputStream back = client.cat(cid); InputStream expected = new GeneratedContent(11, size)) {
            assertThat(back).hasSameContentAs(expected);
        }
        client.pin(cid);
    }

    @Test
    void hasAVersionAndAgreesWithTheEmbeddedStore(@TempDir Path storeFolder) throws IOException {
        assertThat(client.version()).isNotBlank();
        byte[] labels = "0,1,2\n".getBytes();
        Cid local = new LocalContentStore(storeFolder).add(new ByteArrayInputStream(labels));
        assertThat(client.add(new ByteArrayInputStream(labels))).isEqualTo(local);
    }
}
