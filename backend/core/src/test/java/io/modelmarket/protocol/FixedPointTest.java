package io.modelmarket.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FixedPointTest {
    @Test
    void readsDecimalsExactlyAndRoundsHalfToEven() {
        assertThat(FixedPoint.fromDecimal("1.5", 2)).isEqualTo(150);
        assertThat(FixedPoint.fromDecimal(" 1.50 ", 2)).isEqualTo(150);
        assertThat(FixedPoint.fromDecimal("-12.34", 2)).isEqualTo(-1234);
        assertThat(FixedPoint.fromDecimal("0.125", 2)).isEqualTo(12); // a tie: to the even neighbour
        assertThat(FixedPoint.fromDecimal("0.135", 2)).isEqualTo(14);
        assertThat(FixedPoint.fromDecimal("-2.5", 0)).isEqualTo(-2);
        assertThat(FixedPoint.fromDecimal("0.1", 9)).isEqualTo(100_000_000); // exact: no binary fraction in between
        assertThat(FixedPoint.fromDecimal("1.5e2", 0)).isEqualTo(150);
        assertThat(FixedPoint.fromDecimal("+.5E-1", 2)).isEqualTo(5);
        assertThat(FixedPoint.fromDecimal("-0", 3)).isZero();
        assertThat(FixedPoint.fromDecimal("1e-999999999", 9)).isZero();
    }

    @Test
    void aReRunReproducesWithinOneUnitPlusASixtyFiveThousandthOfTheValue() {
        assertThat(FixedPoint.reproduces(1234, 1235)).isTrue();
        assertThat(FixedPoint.reproduces(1234, 1233)).isTrue();
        assertThat(FixedPoint.reproduces(1234, 1236)).isFalse();
        // 350000.00 at 2 decimals: a float32 step of the value is 3 units; 35,000,000 >> 16 is 534
        assertThat(FixedPoint.reproduces(35_000_000, 35_000_000 + 3)).isTrue();
        assertThat(FixedPoint.reproduces(35_000_000, 35_000_000 - 535)).isTrue();
        assertThat(FixedPoint.reproduces(35_000_000, 35_000_000 + 536)).isFalse();
        assertThat(FixedPoint.reproduces(-35_000_000, -35_000_000 - 535)).isTrue();
        assertThat(FixedPoint.reproduces(Integer.MIN_VALUE, Integer.MAX_VALUE)).isFalse();
        float value = 350_000.01f;
        int revealed = FixedPoint.fromFloat(value, 2);
        assertThat(FixedPoint.reproduces(revealed, FixedPoint.fromFloat(Math.nextUp(value), 2))).isTrue();
        assertThat(FixedPoint.reproduces(revealed, FixedPoint.fromFloat(Math.nextDown(Math.nextDown(value)), 2))).isTrue();
    }

    @Test
    void readsTheInt32ExtremesAndRefusesBeyond() {
        assertThat(FixedPoint.fromDecimal("2147483647", 0)).isEqualTo(Integer.MAX_VALUE);
        assertThat(FixedPoint.fromDecimal("-2147483648", 0)).isEqualTo(Integer.MIN_VALUE);
        assertThat(FixedPoint.fromDecimal("2.147483647", 9)).isEqualTo(Integer.MAX_VALUE);
        assertThat(FixedPoint.fromDecimal("2147483647.4", 0)).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> FixedPoint.fromDecimal("2147483648", 0)).hasMessageContaining("beyond the int32 range");
        assertThatThrownBy(() -> FixedPoint.fromDecimal("2147483647.5", 0)).hasMessageContaining("beyond the int32 range");
        assertThatThrownBy(() -> FixedPoint.fromDecimal("-2147483649", 0)).hasMessageContaining("beyond the int32 range");
        assertThatThrownBy(() -> FixedPoint.fromDecimal("3", 9))
                .hasMessage("at 9 decimals its fixed-point value lies beyond the int32 range (-2147483648 to 2147483647); use fewer decimals");
        assertThatThrownBy(() -> FixedPoint.fromDecimal("1e999999999", 0)).hasMessageContaining("beyond the int32 range");
    }

    @Test
    void refusesWhatIsNotADecimal() {
        for (String text : new String[] {"", " ", "NaN", "Infinity", "-Infinity", "abc", "0x10", "1,5", "\u0663", "1e"}) {
            assertThatThrownBy(() -> FixedPoint.fromDecimal(text, 2)).as(text).hasMessage("expected a decimal number");
        }
        assertThatThrownBy(() -> FixedPoint.fromDecimal("1", 10)).hasMessage("the target decimals must be 0 to 9, got 10");
        assertThatThrownBy(() -> FixedPoint.fromDecimal("1", -1)).hasMessage("the target decimals must be 0 to 9, got -1");
    }

    @Test
    void scalesFloat32OutputsExactly() {
        assertThat(FixedPoint.fromFloat(2.5f, 0)).isEqualTo(2);
        assertThat(FixedPoint.fromFloat(3.5f, 0)).isEqualTo(4);
        assertThat(FixedPoint.fromFloat(-1.25f, 1)).isEqualTo(-12);
        assertThat(FixedPoint.fromFloat(0.1f, 3)).isEqualTo(100);
        // 0.1f is 0.100000001490116...: × 10^9 exactly is 100000001.49..., which rounds to 100000001
        assertThat(FixedPoint.fromFloat(0.1f, 9)).isEqualTo(100_000_001);
        assertThat(FixedPoint.fromFloat(-2.0f, 9)).isEqualTo(-2_000_000_000);
        assertThatThrownBy(() -> FixedPoint.fromFloat(Float.NaN, 2)).hasMessage("is NaN; predictions must be finite numbers");
        assertThatThrownBy(() -> FixedPoint.fromFloat(Float.POSITIVE_INFINITY, 2)).hasMessage("is Infinity; predictions must be finite numbers");
        assertThatThrownBy(() -> FixedPoint.fromFloat(3e9f, 0)).hasMessageContaining("beyond the int32 range");
        assertThatThrownBy(() -> FixedPoint.fromFloat(2.5f, 9)).hasMessageContaining("beyond the int32 range");
    }

    @Test
    void encodesFourBytesBigEndianAndBack() {
        int[] values = {0, -1, 1234, Integer.MIN_VALUE, Integer.MAX_VALUE};
        byte[] bytes = FixedPoint.encode(values);
        assertThat(Hex.encode(bytes)).isEqualTo("0x00000000ffffffff000004d2800000007fffffff");
        assertThat(FixedPoint.decode(bytes)).containsExactly(values);
        assertThatThrownBy(() -> FixedPoint.decode(new byte[5])).hasMessageContaining("5 bytes is not a whole number of items");
    }

    @Test
    void writesDecimalsThatReadBack() {
        assertThat(FixedPoint.toDecimal(-1234, 2)).isEqualTo("-12.34");
        assertThat(FixedPoint.toDecimal(5, 3)).isEqualTo("0.005");
        assertThat(FixedPoint.toDecimal(42, 0)).isEqualTo("42");
        for (int value : new int[] {Integer.MIN_VALUE, -7, 0, 99, Integer.MAX_VALUE}) {
            assertThat(FixedPoint.fromDecimal(FixedPoint.toDecimal(value, 4), 4)).isEqualTo(value);
        }
    }
}
