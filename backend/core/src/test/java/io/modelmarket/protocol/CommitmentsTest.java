package io.modelmarket.protocol;

import static io.modelmarket.protocol.SharedVectors.address;
import static io.modelmarket.protocol.SharedVectors.bytes32;
import static io.modelmarket.protocol.SharedVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * test/vectors/commitments.json is computed by frontend/src/protocol/commitments.ts (scripts/make-vectors.ts) and checked against the
 * contract by test/Vectors.test.ts; Java must reproduce every bounty id, tag, commitment and seal nonce byte for
 * byte. The sealed bytes are checked in TestInputsSealTest.
 */
class CommitmentsTest {
    private static final JsonNode TAGS = SharedVectors.file("commitments.json").get("tags");

    static List<JsonNode> vectors() {
        return SharedVectors.vectors("commitments.json");
    }

    @ParameterizedTest
    @EnumSource(DomainTag.class)
    void tagsAreTheSharedOnes(DomainTag tag) {
        String field = tag.tagName().substring("modelmarket.v2.".length());
        assertThat(tag.tag().toHex()).isEqualTo(TAGS.get(field).asText());
    }

    @Test
    void everySharedTagHasItsDomainTag() {
        assertThat(TAGS.size()).isEqualTo(DomainTag.values().length);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void reproducesTheSharedVectors(JsonNode v) {
        Bytes32 bountyId = Commitments.bountyId(
                new BigInteger(v.get("chainId").asText()), address(v, "market"), address(v, "requester"),
                new BigInteger(v.get("nonce").asText()));
        assertThat(bountyId.toHex()).isEqualTo(v.get("bountyId").asText());

        EthAddress trainer = address(v, "trainer");
        assertThat(Commitments.groundTruth(bountyId, hex(v, "labels"), bytes32(v, "labelsSalt")).toHex())
                .isEqualTo(v.get("groundTruthCommitment").asText());
        assertThat(Commitments.sealingKey(bountyId, bytes32(v, "sealingKey")).toHex())
                .isEqualTo(v.get("sealingKeyCommitment").asText());
        assertThat(Commitments.model(bountyId, trainer, v.get("modelCid").asText(), bytes32(v, "modelSalt")).toHex())
                .isEqualTo(v.get("modelCommitment").asText());
        assertThat(Commitments.predictions(bountyId, trainer, hex(v, "predictions"), bytes32(v, "predictionsSalt")).toHex())
                .isEqualTo(v.get("predictionsCommitment").asText());
        assertThat(Hex.encode(Commitments.sealNonce(bountyId))).isEqualTo(v.get("sealNonce").asText());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void aModelCommitmentCannotBeOpenedAsPredictions(JsonNode v) {
        // Untagged, both would be sha256(bountyId, trainer, bytes, salt), and a model commitment would open as
        // predictions equal to the CID's bytes (v1's flaw). The tags keep the two kinds apart.
        Bytes32 bountyId = bytes32(v, "bountyId");
        EthAddress trainer = address(v, "trainer");
        Bytes32 salt = bytes32(v, "modelSalt");
        String cid = v.get("modelCid").asText();
        byte[] cidBytes = cid.getBytes(StandardCharsets.UTF_8);
        assertThat(Commitments.predictions(bountyId, trainer, cidBytes, salt)).isNotEqualTo(Commitments.model(bountyId, trainer, cid, salt));
    }

    @Test
    void saltsAreFreshAndThirtyTwoBytes() {
        Bytes32 first = Bytes32.randomSalt();
        assertThat(first.toByteArray()).hasSize(32);
        assertThat(Bytes32.randomSalt()).isNotEqualTo(first);
    }

    @Test
    void rejectsValuesThatAreNotUint256() {
        EthAddress someone = EthAddress.fromHex("0x" + "11".repeat(20));
        assertThatThrownBy(() -> Commitments.bountyId(BigInteger.ONE.negate(), someone, someone, BigInteger.ZERO))
                .hasMessageContaining("chainId must be a uint256");
        assertThatThrownBy(() -> Commitments.bountyId(BigInteger.ONE, someone, someone, BigInteger.TWO.pow(256)))
                .hasMessageContaining("nonce must be a uint256");
    }

    @Test
    void namesWhatIsWrongWithBadHex() {
        assertThatThrownBy(() -> EthAddress.fromHex("0x1234")).hasMessageContaining("20 bytes");
        assertThatThrownBy(() -> EthAddress.fromHex("0xzz")).hasMessageContaining("not a hex address");
        assertThatThrownBy(() -> Bytes32.fromHex("0x00")).hasMessageContaining("a 32-byte value has 32 bytes");
        assertThatThrownBy(() -> Bytes32.of(new byte[31])).hasMessageContaining("has 32 bytes (64 hex digits), got 31");
    }
}
