package io.modelmarket.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.dataset.ClassList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the baseline learns of the features before training: means over present cells, and each category list. */
class FeatureStatisticsTest {
    @TempDir
    Path folder;

    @Test
    void meansSkipMissingCellsAndCategoriesAreTheMostFrequentInCodePointOrderOfTies() throws IOException {
        StringBuilder csv = new StringBuilder("x,c,label\n1,b,p\n,b,q\n3,\uD83D\uDE00,p\n  ,\uFF21,q\n5,a,p\n5,,q\n");
        for (int i = 0; i < 150; i++) {
            csv.append("5,v").append(1000 + i).append(",p\n");
        }
        Path training = Files.writeString(folder.resolve("training.csv"), csv);
        FeatureStatistics statistics = FeatureStatistics.of(training, "label", new ClassList(List.of("p", "q")), List.of("float32", "string"));
        assertThat(statistics.mean()[0]).isCloseTo((1 + 3 + 5 + 5 + 150 * 5) / 154.0, org.assertj.core.api.Assertions.within(1e-9));
        List<String> categories = statistics.categories().get(0);
        assertThat(categories).hasSize(FeatureStatistics.MAX_CATEGORIES);
        // b twice first; then the values seen once by code point: a, v1000.., U+FF21, then U+1F600 (UTF-16 order would swap the last two)
        assertThat(categories.subList(0, 3)).containsExactly("b", "a", "v1000");
        assertThat(categories).doesNotContain("", "\uFF21", "\uD83D\uDE00");
        assertThat(statistics.encodedWidth()).isEqualTo(1 + FeatureStatistics.MAX_CATEGORIES);
        assertThat(FeatureStatistics.compareCodePoints("\uFF21", "\uD83D\uDE00")).isNegative();
        assertThat("\uFF21".compareTo("\uD83D\uDE00")).isPositive();
    }
}
