package io.modelmarket.dataset;

import static io.modelmarket.dataset.DatasetSplitterTest.salt;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.protocol.Bytes32;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After the reveal anyone replays the split from the published files, the labels and the salt; anything else fails. */
class SplitReplayTest {
    private static final String[] CLASSES = {"plain", "\"quoted\", with comma", "<img src=x onerror=alert(1)>"};

    @TempDir
    Path folder;

    private record Published(Path training, Path testInputs, BountyMetadata metadata, byte[] labels) {
        Published withLabels(byte[] other) {
            return new Published(training, testInputs, metadata, other);
        }
    }

    /** Rows sorted by class, class names that need CSV quoting, and the label column in the middle. */
    private Published publish(boolean stratified, Bytes32 salt) throws IOException {
        StringBuilder csv = new StringBuilder("a,label,b\n");
        for (int c = 0; c < CLASSES.length; c++) {
            for (int i = 0; i < 40 + 7 * c; i++) {
                csv.append(1000 * c + i).append(",\"").append(CLASSES[c].replace("\"", "\"\"")).append("\",").append(c * 0.25 + i).append('\n');
            }
        }
        Path input = Files.writeString(folder.resolve("data.csv"), csv);
        Path training = folder.resolve("training.csv");
        Path testInputs = folder.resolve("test-inputs.csv");
        SplitOptions options = new SplitOptions("label", 0.3, salt, stratified, null);
        SplitResult result;
        try (OutputStream trainingOut = Files.newOutputStream(training); OutputStream testOut = Files.newOutputStream(testInputs)) {
            result = DatasetSplitter.split(input, options, trainingOut, testOut);
        }
        BountyMetadata metadata = BountyMetadata.forSplit("Replay", null, null, null, "label", options, result);
        return new Published(training, testInputs, metadata, result.labels());
    }

    private static SplitReplay.Outcome replay(Published published, Bytes32 salt) throws IOException {
        return SplitReplay.replay(published.training(), published.testInputs(), published.metadata(), published.labels(), salt);
    }

    @Test
    void replaysStratifiedAndPlainSplitsWithTheRevealedSalt() throws IOException {
        for (boolean stratified : new boolean[] {true, false}) {
            Published published = publish(stratified, salt(5));
            SplitReplay.Outcome outcome = replay(published, salt(5));
            assertThat(outcome.replays()).as(outcome.detail()).isTrue();
            assertThat(outcome.detail()).contains("the " + published.labels().length + " test rows are the");
        }
    }

    @Test
    void anotherSaltDoesNotReplay() throws IOException {
        SplitReplay.Outcome outcome = replay(publish(true, salt(5)), salt(6));
        assertThat(outcome.replays()).isFalse();
        assertThat(outcome.detail()).contains("the revealed salt draws");
    }

    @Test
    void testInputsInAnotherOrderDoNotReplay() throws IOException {
        Published published = publish(true, salt(5));
        // Swap two test rows and their labels: the same rows, in an order the salt did not draw.
        List<String> lines = new ArrayList<>(Files.readAllLines(published.testInputs()));
        String first = lines.get(1);
        lines.set(1, lines.get(2));
        lines.set(2, first);
        Files.write(published.testInputs(), lines);
        byte[] labels = published.labels().clone();
        labels[0] = published.labels()[1];
        labels[1] = published.labels()[0];
        SplitReplay.Outcome outcome = replay(published.withLabels(labels), salt(5));
        assertThat(outcome.replays()).isFalse();
        assertThat(outcome.detail()).contains("test row 1 (0-based) comes after a row with a larger order key");
    }

    @Test
    void testInputsInFileOrderDoNotReplay() throws IOException {
        Published published = publish(true, salt(5));
        // Test rows in file order (a is 1000 × class + place) would give their labels away.
        List<String> lines = Files.readAllLines(published.testInputs());
        List<Integer> byPlace = IntStream.range(0, lines.size() - 1).boxed()
                .sorted(Comparator.comparingInt(j -> Integer.parseInt(lines.get(j + 1).split(",")[0]))).toList();
        List<String> reordered = new ArrayList<>(List.of(lines.get(0)));
        byte[] labels = new byte[byPlace.size()];
        for (int j = 0; j < byPlace.size(); j++) {
            reordered.add(lines.get(byPlace.get(j) + 1));
            labels[j] = published.labels()[byPlace.get(j)];
        }
        Files.write(published.testInputs(), reordered);
        assertThat(replay(published.withLabels(labels), salt(5)).replays()).isFalse();
    }

    @Test
    void aHandPickedTestRowDoesNotReplay() throws IOException {
        Published published = publish(true, salt(5));
        // Exchange a test row of class "plain" with a training row of the same class: the counts still hold.
        List<String> test = new ArrayList<>(Files.readAllLines(published.testInputs()));
        List<String> training = new ArrayList<>(Files.readAllLines(published.training()));
        int j = IntStream.range(0, published.labels().length).filter(i -> published.labels()[i] == 2).findFirst().orElseThrow();
        int t = IntStream.range(1, training.size()).filter(i -> training.get(i).contains(",plain,")).findFirst().orElseThrow();
        String[] testCells = test.get(j + 1).split(",");
        String[] trainingCells = training.get(t).split(",");
        test.set(j + 1, trainingCells[0] + "," + trainingCells[2]);
        training.set(t, testCells[0] + ",plain," + testCells[1]);
        Files.write(published.testInputs(), test);
        Files.write(published.training(), training);
        SplitReplay.Outcome outcome = replay(published, salt(5));
        assertThat(outcome.replays()).isFalse();
    }

    @Test
    void aLabelThatDoesNotBelongDoesNotReplay() throws IOException {
        Published published = publish(true, salt(5));
        byte[] labels = published.labels().clone();
        labels[3] = (byte) ((labels[3] + 1) % 3);
        SplitReplay.Outcome outcome = replay(published.withLabels(labels), salt(5));
        assertThat(outcome.replays()).isFalse();
    }
}
