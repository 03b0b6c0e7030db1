package io.modelmarket.server.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.protocol.FixedPoint;
import org.junit.jupiter.api.Test;

/** The mean absolute error a regression winner enters the registry with: in the target's unit, not clipped at maxError. */
class RegisteredErrorTest {
    @Test
    void isTheMeanOfTheAbsoluteErrorsInTheTargetsUnit() {
        byte[] labels = FixedPoint.encode(new int[] {1_000, -2_500, 0, Integer.MIN_VALUE});
        byte[] predictions = FixedPoint.encode(new int[] {1_350, -2_000, -150, Integer.MAX_VALUE});
        // (350 + 500 + 150 + (2^32 − 1)) / 4 units of 0.001
        assertThat(VerifierService.meanAbsoluteError(predictions, labels, 3)).isEqualTo((1_000 + 4_294_967_295.0) / 4 / 1_000);
        assertThat(VerifierService.meanAbsoluteError(FixedPoint.encode(new int[] {7}), FixedPoint.encode(new int[] {7}), 2)).isZero();
        assertThatThrownBy(() -> VerifierService.meanAbsoluteError(new byte[4], new byte[8], 3)).hasMessage("1 predictions for 2 labels");
    }
}
