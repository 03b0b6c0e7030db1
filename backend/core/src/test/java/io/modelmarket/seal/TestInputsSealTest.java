package io.modelmarket.seal;

import static io.modelmarket.protocol.SharedVectors.bytes32;
import static io.modelmarket.protocol.SharedVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelmarket.ipfs.GeneratedContent;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.ipfs.UnixFsImporter;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.SharedVectors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sealed bytes of test/vectors/commitments.json (Node's AES-256-GCM), their CID, and every way a seal must refuse
 * to open: another key, another bounty, a changed byte, a cut tag.
 */
class TestInputsSealTest {
    /**
     * The CIDs that ipfs-unixfs-importer with Kubo's {@code ipfs add --cid-version=1} settings (the ones
     * scripts/make-cid-vectors.ts uses) computes for each vector's sealed bytes, keyed by bounty id.
     */
    private static final Map<String, String> SEALED_CIDS = Map.of(
            "0xe1e9c7a9e64c518ce55e82dee86d4297740443473d576fa0ea63f7b9c1b44c5b",
            "bafkreigqmnatfh7pkkibeylgrdqu2egqfgr3cr6dhfearvseujl5vg2mq4",
            "0xd28505fd42efffc1aee9afe4960b581130fa2cf9b29078805a06128e94973776",
            "bafkreid3igx6yk2ig3moiglwdkczeec7jblw35fg26dukmdpg4r5cngfva",
            "0x050d853f75b5d4785aa7fc077b5125c0a0ad80e387657fb59006c3daf407be05",
            "bafkreiam5rudqn734xny3vcd66tsiz2gdebcwhdnf26sql6oprgagmyawe");

    @TempDir
    Path dir;

    static List<JsonNode> vectors() {
        return SharedVectors.vectors("commitments.json");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void sealsToTheSharedBytesAndCid(JsonNode v) throws IOException {
        byte[] sealed = seal(v, testInputs(v));
        assertThat(sealed).isEqualTo(hex(v, "sealedTestInputs"));

        String cid = SEALED_CIDS.get(v.get("bountyId").asText());
        assertThat(UnixFsImporter.cidOf(sealed).toString()).isEqualTo(cid);
        try (InputStream sealing = TestInputsSeal.seal(bytes32(v, "bountyId"), bytes32(v, "sealingKey"), testInputStream(v))) {
            assertThat(new LocalContentStore(dir.resolve("store")).add(sealing).toString()).isEqualTo(cid);
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void opensTheSharedSealedBytes(JsonNode v) throws IOException {
        Path sealed = Files.write(dir.resolve("sealed"), hex(v, "sealedTestInputs"));
        Path plain = dir.resolve("test.csv");
        TestInputsSeal.unseal(bytes32(v, "bountyId"), bytes32(v, "sealingKey"), sealed, plain);
        assertThat(Files.readAllBytes(plain)).isEqualTo(testInputs(v));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void refusesAnotherKey(JsonNode v) throws IOException {
        assertRefused(v, bytes32(v, "bountyId"), TestInputsSeal.newKey(), hex(v, "sealedTestInputs"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void refusesTheSealedFileOfAnotherBounty(JsonNode v) throws IOException {
        // The same key and file sealed for another bounty: the nonce and the associated data differ.
        assertRefused(v, Bytes32.randomSalt(), bytes32(v, "sealingKey"), hex(v, "sealedTestInputs"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void refusesAChangedByteAnywhere(JsonNode v) throws IOException {
        byte[] sealed = hex(v, "sealedTestInputs");
        for (int at : new int[] {0, sealed.length / 2, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[at] ^= 1;
            assertRefused(v, bytes32(v, "bountyId"), bytes32(v, "sealingKey"), tampered);
        }
    }

    @Test
    void refusesAFileShorterThanATag() throws IOException {
        JsonNode v = vectors().getFirst();
        assertRefused(v, bytes32(v, "bountyId"), bytes32(v, "sealingKey"), new byte[TestInputsSeal.TAG_LENGTH - 1]);
    }

    @Test
    void keysAreFreshAndThirtyTwoBytes() {
        Bytes32 first = TestInputsSeal.newKey();
        assertThat(first.toByteArray()).hasSize(32);
        assertThat(TestInputsSeal.newKey()).isNotEqualTo(first);
    }

    @Test
    void sealsAndOpensAFileOfManyChunksWithoutHoldingIt() throws Exception {
        // 5 MiB + 3 bytes streamed through the seal and back; the digests compare, not copies in memory.
        long size = 5L * 1024 * 1024 + 3;
        Bytes32 bountyId = Bytes32.randomSalt();
        Bytes32 key = TestInputsSeal.newKey();
        Path sealed = dir.resolve("big.sealed");
        try (InputStream sealing = TestInputsSeal.seal(bountyId, key, new GeneratedContent(7, size));
                OutputStream out = Files.newOutputStream(sealed)) {
            sealing.transferTo(out);
        }
        assertThat(Files.size(sealed)).isEqualTo(size + TestInputsSeal.TAG_LENGTH);
        Path plain = dir.resolve("big.csv");
        TestInputsSeal.unseal(bountyId, key, sealed, plain);
        assertThat(sha256(Files.newInputStream(plain))).isEqualTo(sha256(new GeneratedContent(7, size)));
    }

    private void assertRefused(JsonNode v, Bytes32 bountyId, Bytes32 key, byte[] sealed) throws IOException {
        Path sealedFile = Files.write(dir.resolve("sealed"), sealed);
        Path plain = Files.writeString(dir.resolve("test.csv"), "an older file");
        assertThatThrownBy(() -> TestInputsSeal.unseal(bountyId, key, sealedFile, plain))
                .isInstanceOf(SealBrokenException.class)
                .hasMessage("the sealed test inputs do not open under this key: wrong key, or the file was changed");
        assertThat(plain).as("the file at the output path is left as it was").hasContent("an older file");
        try (var left = Files.list(dir)) {
            assertThat(left).as("no partial plaintext is left behind").containsExactlyInAnyOrder(sealedFile, plain);
        }
    }

    private static byte[] seal(JsonNode v, byte[] plain) throws IOException {
        try (InputStream sealing = TestInputsSeal.seal(bytes32(v, "bountyId"), bytes32(v, "sealingKey"), new ByteArrayInputStream(plain))) {
            return sealing.readAllBytes();
        }
    }

    private static byte[] testInputs(JsonNode v) {
        return v.get("testInputs").asText().getBytes(StandardCharsets.UTF_8);
    }

    private static InputStream testInputStream(JsonNode v) {
        return new ByteArrayInputStream(testInputs(v));
    }

    private static byte[] sha256(InputStream content) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (content; OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            content.transferTo(sink);
        }
        return digest.digest();
    }
}
