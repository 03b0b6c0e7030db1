package io.modelmarket.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigInteger TWO_64_PLUS_1 = BigInteger.TWO.pow(64).add(BigInteger.ONE);

    record Holder(Wei reward) {}

    @Test
    void isADecimalStringInJsonBothWays() throws Exception {
        assertThat(JSON.writeValueAsString(new Holder(Wei.of(TWO_64_PLUS_1)))).isEqualTo("{\"reward\":\"18446744073709551617\"}");
        assertThat(JSON.writeValueAsString(Map.of("max", Wei.of(Wei.MAX_UINT256)))).isEqualTo("{\"max\":\"" + Wei.MAX_UINT256 + "\"}");
        assertThat(JSON.readValue("{\"reward\":\"1000000000000000000000000000007\"}", Holder.class).reward().value())
                .isEqualTo(BigInteger.TEN.pow(30).add(BigInteger.valueOf(7)));
    }

    @Test
    void refusesAJsonNumberAndAnythingButDigits() {
        assertThatThrownBy(() -> JSON.readValue("{\"reward\":18446744073709551617}", Holder.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("must be a decimal string");
        for (String bad : new String[] {"\"-1\"", "\"1e18\"", "\"1.5\"", "\"0x10\"", "\"\"", "\" 1\"", "\"%s\""}) {
            assertThatThrownBy(() -> JSON.readValue("{\"reward\":" + bad + "}", Holder.class)).as(bad)
                    .hasMessageContaining("is not an amount in wei");
        }
    }

    @Test
    void isAUint256() {
        assertThat(Wei.valueOf("0")).isEqualTo(Wei.ZERO);
        assertThat(Wei.valueOf(Wei.MAX_UINT256.toString()).value()).isEqualTo(Wei.MAX_UINT256);
        assertThatThrownBy(() -> Wei.of(Wei.MAX_UINT256.add(BigInteger.ONE))).hasMessageContaining("uint256");
        assertThatThrownBy(() -> Wei.of(-1)).hasMessageContaining("uint256");
        assertThatThrownBy(() -> Wei.valueOf("1" + "0".repeat(78))).hasMessageContaining("is not an amount in wei");
    }
}
