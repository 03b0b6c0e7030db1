package io.modelmarket.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Hex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * test/vectors/mixed/ (its README.md says what is there): splits of generated files with mixed columns (numeric with
 * missing values, categorical with missing values, commas, quotes and line breaks, a forced categorical column) that
 * another implementation of the split (the browser's) must reproduce byte for byte, and bad files with Java's exact
 * error. The test recomputes every vector from the stored input files; {@link #main} generates the inputs and writes
 * everything again.
 */
class MixedVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path folder() {
        return Path.of(System.getProperty("modelmarket.root", "../.."), "test", "vectors", "mixed");
    }

    /** A split vector: its input file under the folder, the split's options and the metadata's free fields. */
    private record SplitCase(String name, ObjectNode options) {}

    /** A bad file (under bad/) and the options it is split with. */
    private record BadCase(String file, String csv, ObjectNode options) {}

    private static List<SplitCase> splitCases() {
        return List.of(
                new SplitCase("classification", options("label", 0.25, "c1", true, false, 0, List.of("zip"))),
                new SplitCase("regression", options("price", 0.2, "d2", false, true, 2, List.of())),
                new SplitCase("categorical-only", options("label", 0.3, "e3", false, false, 0, List.of())));
    }

    private static List<BadCase> badCases() {
        ObjectNode classification = options("label", 0.5, "f4", false, false, 0, List.of());
        ObjectNode regression = options("y", 0.5, "f4", false, true, 2, List.of());
        return List.of(
                new BadCase("all-missing.csv", "a,b,label\n1, ,x\n2,,y\n3,,x\n4,  ,y\n", classification),
                new BadCase("ragged.csv", "a,b,label\n1,red,x\n2,blue\n3,red,y\n", classification),
                new BadCase("nan-target.csv", "a,c,y\n1,red,1.5\n2,,NaN\n3,blue,2\n", regression),
                new BadCase("infinite-target.csv", "a,c,y\n1,red,1.5\n2,blue,-Infinity\n", regression),
                new BadCase("empty-target.csv", "a,c,y\n1,red,1.5\n2,blue, \n", regression),
                new BadCase("empty-label.csv", "a,c,label\n1,red,x\n,blue,\n", classification),
                new BadCase("quote-in-cell.csv", "a,c,label\n1,re\"d,x\n2,blue,y\n", classification),
                new BadCase("categorical-not-a-feature.csv", "a,c,label\n1,red,x\n2,blue,y\n",
                        options("label", 0.5, "f4", false, false, 0, List.of("zip"))),
                new BadCase("categorical-label.csv", "a,c,label\n1,red,x\n2,blue,y\n",
                        options("label", 0.5, "f4", false, false, 0, List.of("label"))));
    }

    /** Options as stored in vectors.json; the salt is 32 bytes of {@code saltByte}. */
    private static ObjectNode options(String labelColumn, double testFraction, String saltByte, boolean stratified, boolean regression,
            int targetDecimals, List<String> categorical) {
        ObjectNode options = JSON.createObjectNode().put("labelColumn", labelColumn).put("testFraction", testFraction)
                .put("salt", "0x" + saltByte.repeat(32)).put("stratified", stratified)
                .put("task", regression ? BountyMetadata.REGRESSION : BountyMetadata.CLASSIFICATION).put("targetDecimals", targetDecimals);
        categorical.forEach(options.putArray("categorical")::add);
        return options;
    }

    static SplitOptions splitOptions(JsonNode options) {
        Bytes32 salt = Bytes32.fromHex(options.get("salt").asText());
        String label = options.get("labelColumn").asText();
        double fraction = options.get("testFraction").asDouble();
        SplitOptions split = BountyMetadata.REGRESSION.equals(options.get("task").asText())
                ? SplitOptions.regression(label, fraction, salt, options.get("targetDecimals").asInt())
                : new SplitOptions(label, fraction, salt, options.get("stratified").asBoolean(), null);
        Set<String> categorical = new HashSet<>();
        options.get("categorical").forEach(name -> categorical.add(name.asText()));
        return split.withCategorical(categorical);
    }

    @Test
    void javaStillMakesEveryStoredVector() throws IOException {
        Path folder = folder();
        JsonNode stored = JSON.readTree(folder.resolve("vectors.json").toFile());
        assertThat(JSON.readTree(JSON.writeValueAsString(vectors(folder, false)))).isEqualTo(stored);
    }

    /** Generates the input files and writes every vector again. */
    public static void main(String[] args) throws IOException {
        Path folder = Files.createDirectories(folder());
        Random random = new Random(20261222L);
        for (SplitCase split : splitCases()) {
            Files.createDirectories(folder.resolve(split.name()));
            Files.writeString(folder.resolve(split.name()).resolve("data.csv"), switch (split.name()) {
                case "classification" -> classificationCsv(random);
                case "regression" -> regressionCsv(random);
                default -> categoricalOnlyCsv(random);
            });
        }
        Files.createDirectories(folder.resolve("bad"));
        for (BadCase bad : badCases()) {
            Files.writeString(folder.resolve("bad").resolve(bad.file()), bad.csv());
        }
        JSON.enable(SerializationFeature.INDENT_OUTPUT).writeValue(folder.resolve("vectors.json").toFile(), vectors(folder, true));
    }

    /**
     * The vectors of the stored inputs. With {@code write}, the split outputs are written next to each input; without,
     * they are compared with the stored ones.
     */
    private static ObjectNode vectors(Path folder, boolean write) throws IOException {
        ObjectNode vectors = JSON.createObjectNode();
        ArrayNode splits = vectors.putArray("splits");
        for (SplitCase split : splitCases()) {
            Path dir = folder.resolve(split.name());
            SplitOptions options = splitOptions(split.options());
            ByteArrayOutputStream training = new ByteArrayOutputStream();
            ByteArrayOutputStream testInputs = new ByteArrayOutputStream();
            SplitResult result = DatasetSplitter.split(dir.resolve("data.csv"), options, training, testInputs);
            byte[] metadata = BountyMetadata.forSplit("Mixed columns: " + split.name(), null, "CC0-1.0", null, options.labelColumn(), options, result)
                    .toJson();
            String[] files = {"training.csv", "test-inputs.csv", "metadata.json"};
            byte[][] contents = {training.toByteArray(), testInputs.toByteArray(), metadata};
            for (int i = 0; i < files.length; i++) {
                if (write) {
                    Files.write(dir.resolve(files[i]), contents[i]);
                } else {
                    assertThat(new String(contents[i], StandardCharsets.UTF_8)).as(split.name() + "/" + files[i])
                            .isEqualTo(Files.readString(dir.resolve(files[i])));
                }
            }
            ObjectNode vector = splits.addObject().put("name", split.name()).put("input", split.name() + "/data.csv");
            vector.set("options", split.options());
            vector.put("title", "Mixed columns: " + split.name()).put("license", "CC0-1.0")
                    .put("training", split.name() + "/training.csv").put("testInputs", split.name() + "/test-inputs.csv")
                    .put("metadata", split.name() + "/metadata.json").put("labels", Hex.encode(result.labels()));
        }
        ArrayNode errors = vectors.putArray("errors");
        for (BadCase bad : badCases()) {
            ObjectNode vector = errors.addObject().put("input", "bad/" + bad.file());
            vector.set("options", bad.options());
            try {
                DatasetSplitter.split(folder.resolve("bad").resolve(bad.file()), splitOptions(bad.options()), new ByteArrayOutputStream(),
                        new ByteArrayOutputStream());
                throw new AssertionError(bad.file() + " splits");
            } catch (DatasetException e) {
                vector.put("error", e.getMessage());
            }
        }
        return vectors;
    }

    private static final String[] CITIES = {"Paris", "London", "Zürich", "Paris, France", "The \"Big\" Apple", "Lagos", " Lima", "New\nYork"};
    private static final String[] COLOURS = {"red", "green", "blue"};

    /**
     * Numeric with missing cells (empty and spaces), categorical with missing cells, commas, quotes, a line break and a
     * leading space, a numeric-looking zip code named categorical, a column made categorical by one "NaN", the label in the
     * middle; three classes that depend on the features.
     */
    private static String classificationCsv(Random random) {
        StringBuilder csv = new StringBuilder("age,city,zip,income,label,colour,reading\n");
        for (int row = 0; row < 300; row++) {
            int age = 18 + random.nextInt(60);
            int city = random.nextInt(CITIES.length);
            int colour = random.nextInt(COLOURS.length);
            double income = Math.round((20_000 + random.nextGaussian() * 8_000) * 100) / 100.0;
            double score = age / 20.0 + (city % 3) - colour * 0.8 + random.nextGaussian() * 0.5;
            String label = score < 1.5 ? "low" : score < 3 ? "mid" : "high";
            csv.append(missing(random, 0.1, Integer.toString(age))).append(',')
                    .append(quoted(missing(random, 0.1, CITIES[city]))).append(',')
                    .append(String.format(Locale.ROOT, "%05d", 1000 + random.nextInt(40))).append(',')
                    .append(missing(random, 0.05, random.nextInt(10) == 0 ? " " + income + " " : Double.toString(income))).append(',')
                    .append(label).append(',')
                    .append(missing(random, 0.05, COLOURS[colour])).append(',')
                    .append(row == 150 ? "NaN" : missing(random, 0.1, String.format(Locale.ROOT, "%.3f", random.nextDouble()))).append('\n');
        }
        return csv.toString();
    }

    /** A numeric target (2 decimals) first, numeric and categorical features with missing cells. */
    private static String regressionCsv(Random random) {
        String[] districts = {"north", "south", "east, old town", "west"};
        String[] heating = {"gas", "heat pump", "oil"};
        StringBuilder csv = new StringBuilder("price,rooms,area,district,heating\n");
        for (int row = 0; row < 300; row++) {
            int rooms = 1 + random.nextInt(6);
            double area = Math.round((25 + rooms * 18 + random.nextGaussian() * 10) * 10) / 10.0;
            int district = random.nextInt(districts.length);
            int heat = random.nextInt(heating.length);
            double price = 50 + 12.5 * rooms + 1.1 * area + 30 * district - 8 * heat + random.nextGaussian() * 5;
            csv.append(String.format(Locale.ROOT, "%.2f", price)).append(',')
                    .append(missing(random, 0.1, Integer.toString(rooms))).append(',')
                    .append(missing(random, 0.05, Double.toString(area))).append(',')
                    .append(quoted(missing(random, 0.1, districts[district]))).append(',')
                    .append(missing(random, 0.05, heating[heat])).append('\n');
        }
        return csv.toString();
    }

    /** Only categorical features, two classes. */
    private static String categoricalOnlyCsv(Random random) {
        StringBuilder csv = new StringBuilder("colour,size,label\n");
        String[] sizes = {"S", "M", "L", "XL"};
        for (int row = 0; row < 60; row++) {
            int colour = random.nextInt(COLOURS.length);
            int size = random.nextInt(sizes.length);
            csv.append(missing(random, 0.1, COLOURS[colour])).append(',').append(missing(random, 0.1, sizes[size])).append(',')
                    .append((colour + size) % 2 == 0 ? "even" : "odd").append('\n');
        }
        return csv.toString();
    }

    /** {@code value}, or with probability {@code share} a missing cell: empty, or (one in four) two spaces. */
    private static String missing(Random random, double share, String value) {
        if (random.nextDouble() >= share) {
            return value;
        }
        return random.nextInt(4) == 0 ? "  " : "";
    }

    /** The cell as RFC 4180 writes it: quoted when it holds a comma, quote or line break. */
    private static String quoted(String cell) {
        String line = CsvWriter.line(List.of(cell));
        return line.substring(0, line.length() - 1);
    }
}
