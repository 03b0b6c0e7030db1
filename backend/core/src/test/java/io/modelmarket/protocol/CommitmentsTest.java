package io.modelmarket.protocol;

import static io.modelmarket.protocol.SharedVectors.bytes32;
import static io.modelmarket.protocol.SharedVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The vectors in test/vectors/commitments.json are computed by scripts/lib/protocol.ts and checked against
 * the contract by test/Vectors.test.ts; Java must reproduce each of them byte for byte.
 */
class CommitmentsTest {

    static List<JsonNode> vectors() {
        return SharedVectors.vectors("commitments.json");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void reproducesTheSharedVectors(JsonNode v) {
        Bytes32 bountyId = Commitments.bountyId(
                new BigInteger(v.get("chainId").asText()),
                EthAddress.fromHex(v.get("market").asText()),
                EthAddress.fromHex(v.get("requester").asText()),
                new BigInteger(v.get("nonce").asText()));
        assertThat(bountyId.toHex()).isEqualTo(v.get("bountyId").asText());

        EthAddress trainer = EthAddress.fromHex(v.get("trainer").asText());
        assertThat(Commitments.groundTruth(bountyId, hex(v, "labels"), bytes32(v, "labelsSalt")).toHex())
                .isEqualTo(v.get("groundTruthCommitment").asText());
        assertThat(Commitments.predictions(bountyId, trainer, hex(v, "predictions"), bytes32(v, "predictionsSalt")).toHex())
                .isEqualTo(v.get("predictionsCommitment").asText());
        assertThat(Commitments.model(bountyId, trainer, v.get("modelCid").asText(), bytes32(v, "modelSalt")).toHex())
                .isEqualTo(v.get("modelCommitment").asText());
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
