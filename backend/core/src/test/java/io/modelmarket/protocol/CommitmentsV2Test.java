package io.modelmarket.protocol;

import static io.modelmarket.protocol.SharedVectors.address;
import static io.modelmarket.protocol.SharedVectors.bytes32;
import static io.modelmarket.protocol.SharedVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * test/vectors/v2.json is computed by scripts/lib/protocol.ts (scripts/make-vectors.ts); Java must reproduce
 * every tag, commitment and seal nonce byte for byte. The sealed bytes are checked in TestInputsSealTest.
 */
class CommitmentsV2Test {
    private static final JsonNode TAGS = SharedVectors.file("v2.json").get("tags");

    static List<JsonNode> vectors() {
        return SharedVectors.vectors("v2.json");
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
        assertThat(CommitmentsV2.groundTruth(bountyId, hex(v, "labels"), bytes32(v, "labelsSalt")).toHex())
                .isEqualTo(v.get("groundTruthCommitment").asText());
        assertThat(CommitmentsV2.sealingKey(bountyId, bytes32(v, "sealingKey")).toHex())
                .isEqualTo(v.get("sealingKeyCommitment").asText());
        assertThat(CommitmentsV2.model(bountyId, trainer, v.get("modelCid").asText(), bytes32(v, "modelSalt")).toHex())
                .isEqualTo(v.get("modelCommitment").asText());
        assertThat(CommitmentsV2.predictions(bountyId, trainer, hex(v, "predictions"), bytes32(v, "predictionsSalt")).toHex())
                .isEqualTo(v.get("predictionsCommitment").asText());
        assertThat(Hex.encode(CommitmentsV2.sealNonce(bountyId))).isEqualTo(v.get("sealNonce").asText());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void aModelCommitmentCannotBeOpenedAsPredictions(JsonNode v) {
        // Untagged, both are sha256(bountyId, trainer, bytes, salt): v1's model commitment opens as predictions
        // equal to the CID's bytes. The tags keep the two kinds apart.
        Bytes32 bountyId = bytes32(v, "bountyId");
        EthAddress trainer = address(v, "trainer");
        Bytes32 salt = bytes32(v, "modelSalt");
        String cid = v.get("modelCid").asText();
        byte[] cidBytes = cid.getBytes(StandardCharsets.UTF_8);
        assertThat(Commitments.predictions(bountyId, trainer, cidBytes, salt)).isEqualTo(Commitments.model(bountyId, trainer, cid, salt));
        assertThat(CommitmentsV2.predictions(bountyId, trainer, cidBytes, salt)).isNotEqualTo(CommitmentsV2.model(bountyId, trainer, cid, salt));
        assertThat(CommitmentsV2.model(bountyId, trainer, cid, salt)).as("a v1 commitment never opens in v2")
                .isNotEqualTo(Commitments.model(bountyId, trainer, cid, salt));
    }
}
