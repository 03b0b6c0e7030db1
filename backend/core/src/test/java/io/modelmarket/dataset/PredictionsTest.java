package io.modelmarket.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionsTest {
    private static final ClassList CLASSES = new ClassList(List.of("cat", "dog", "bird"));

    @TempDir
    Path folder;

    private byte[] read(String name, String content, int testSize) throws Exception {
        Path file = folder.resolve(name);
        Files.writeString(file, content);
        return Predictions.read(file, CLASSES, testSize);
    }

    @Test
    void readsNamesAndIndicesFromCsvAndJson() throws Exception {
        assertThat(read("p.csv", "prediction\ndog\n2\ncat\n", 3)).containsExactly(1, 2, 0);
        assertThat(read("p.json", "[\"bird\", 0, \"1\"]", 3)).containsExactly(2, 0, 1);
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> read("p.csv", "prediction\ndog\n", 3))
                .hasMessage("p.csv: expected 3 predictions (one per test row), found 1");
        assertThatThrownBy(() -> read("p.csv", "prediction\ndog\ncow\n", 2))
                .hasMessage("p.csv:3: 'cow' is neither a class name nor a class index below 3");
        assertThatThrownBy(() -> read("p.json", "[0, 3]", 2))
                .hasMessage("p.json: item 1: '3' is neither a class name nor a class index below 3");
        assertThatThrownBy(() -> read("p.json", "{\"a\":1}", 1)).hasMessage("p.json: expected a JSON array of class indices or names");
        assertThatThrownBy(() -> read("p.json", "[1.5]", 1)).hasMessage("p.json: item 0 is 1.5, not a class index or name");
        assertThatThrownBy(() -> read("p.csv", "a,b\n1,2\n", 1)).hasMessage("p.csv:1: expected one column of predictions, found 2");
    }
}
