package io.modelmarket.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;

class RevertReasonsTest {
    private static String revert(String signature, List<Type> arguments) {
        return Hash.sha3String(signature).substring(0, 10) + FunctionEncoder.encodeConstructor(arguments);
    }

    @Test
    void namesTheErrorItsArgumentsAndEnumValues() {
        byte[] id = new byte[32];
        id[31] = 7;
        String data = revert("WrongPhase(bytes32,uint8,uint8)", List.of(new Bytes32(id), new Uint8(3), new Uint8(4)));
        assertThat(RevertReasons.decode(data))
                .isEqualTo("WrongPhase(bountyId=0x0000000000000000000000000000000000000000000000000000000000000007, expected=Predicting, actual=AwaitingGroundTruth)");
        assertThat(RevertReasons.decode(revert("SealingKeyMismatch(bytes32)", List.of(new Bytes32(id)))))
                .isEqualTo("SealingKeyMismatch(bountyId=0x0000000000000000000000000000000000000000000000000000000000000007)");
        assertThat(RevertReasons.decode(revert("InvalidNumClasses(uint16)", List.of(new Uint16(1))))).isEqualTo("InvalidNumClasses(numClasses=1)");
        assertThat(RevertReasons.decode(revert("InvalidCid(string)", List.of(new Utf8String("reportCid"))))).isEqualTo("InvalidCid(field=reportCid)");
    }

    @Test
    void knowsTheTokensErrorsAndTheStandardOnes() {
        String insufficient = revert("ERC20InsufficientBalance(address,uint256,uint256)",
                List.of(new Address("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"), new Uint256(BigInteger.ONE), new Uint256(BigInteger.TEN)));
        assertThat(RevertReasons.decode(insufficient))
                .isEqualTo("ERC20InsufficientBalance(sender=0x70997970c51812dc3a010c7d01b50e0d17dc79c8, balance=1, needed=10)");
        assertThat(RevertReasons.decode(revert("Error(string)", List.of(new Utf8String("nope"))))).isEqualTo("nope");
        assertThat(RevertReasons.decode(revert("Panic(uint256)", List.of(new Uint256(BigInteger.valueOf(0x11)))))).isEqualTo("Panic(code=17)");
        assertThat(RevertReasons.decode("0x")).isEqualTo("reverted without a reason");
        assertThat(RevertReasons.decode("0xdeadbeef")).isEqualTo("unknown revert data 0xdeadbeef");
    }
}
