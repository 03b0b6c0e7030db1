package io.modelmarket.ipfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelmarket.protocol.SharedVectors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * test/vectors/cids.json holds the CIDs ipfs-unixfs-importer computes with Kubo's settings for
 * {@code ipfs add --cid-version=1} (and one CIDv0): 0 B, 1 B, around the 256 KiB chunk size, and a file one
 * byte past a full 174-link node, which needs a two-level DAG.
 */
class CidVectorsTest {

    static List<JsonNode> vectors() {
        return SharedVectors.vectors("cids.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void importerReproducesTheVector(JsonNode vector) throws IOException {
        String expected = vector.get("cid").asText();
        Cid cid;
        try (InputStream content = content(vector)) {
            if (vector.get("cidVersion").asInt() == 0) {
                UnixFsImporter importer = UnixFsImporter.cidV0();
                content.transferTo(importer);
                importer.close();
                cid = importer.root();
            } else {
                cid = UnixFsImporter.importStream(content, BlockSink.DISCARD);
            }
        }
        assertThat(cid.toString()).isEqualTo(expected);
        assertThat(Cid.parse(expected)).isEqualTo(cid);
        assertThat(Cid.parse(expected).toString()).isEqualTo(expected);
    }

    static InputStream content(JsonNode vector) {
        if (vector.has("content")) {
            return new ByteArrayInputStream(vector.get("content").asText().getBytes(StandardCharsets.UTF_8));
        }
        return new GeneratedContent(vector.get("generatedSeed").asInt(), vector.get("size").asLong());
    }
}
