package io.modelmarket.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The split's secret numbers, against values computed from docs/datasets.md with Node's crypto and ethers' keccak256. */
class SplitSeedTest {
    private static final Bytes32 SALT = Bytes32.fromHex("00".repeat(31) + "07");

    @Test
    void theSeedIsTheSha256OfTheDomainAndTheSalt() {
        assertThat(Hex.encode(SplitSeed.fromSalt(SALT).bytes()))
                .isEqualToIgnoringCase("0x6661a3fdd4818a8fa75c85705c4934e7fc8aa4d04c65a7d6faf071ce3f2c7147");
    }

    @Test
    void aRowsKeysHashItsClassNameAndFeatureCellsAsOneCsvLine() {
        SplitSeed seed = SplitSeed.fromSalt(SALT);
        assertThat(seed.keys("cat", List.of("1", "2.5"))).isEqualTo(keys("4843969a4fbc86fb", "b007787628ee5bbe"));
        assertThat(seed.keys("a,b", List.of("x\"y", " 3"))).isEqualTo(keys("17b530a8b1a04cf3", "abbe3ee1ce9b3e73"));
        assertThat(seed.keys("é", List.of("0"))).isEqualTo(keys("375d1b3c2e45e009", "9c9ea90b507271ca"));
    }

    private static SplitSeed.Keys keys(String selection, String order) {
        return new SplitSeed.Keys(Long.parseUnsignedLong(selection, 16), Long.parseUnsignedLong(order, 16));
    }

    @Test
    void ordersByUnsignedKeyThenIndex() {
        long[] keys = {5, -1, 5, 0, Long.MIN_VALUE, 3};
        assertThat(DatasetSplitter.byKey(keys)).containsExactly(3, 5, 0, 2, 4, 1);
        assertThat(DatasetSplitter.byKey(new long[0])).isEmpty();
    }
}
