package io.modelmarket.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.dataset.BountyMetadata.Feature;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.LocalContentStore;
import io.modelmarket.server.TestDataSources;
import io.modelmarket.server.testing.BaselineModels;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.ModelRejectedException;
import io.modelmarket.verify.TestModels;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry on H2 (and PostgreSQL, in the build's PostgreSQL run) with its Flyway migration, the embedded content store and the real sandbox. */
class ModelRegistryTest {
    private static final String AUTHOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final List<String> CLASSES = List.of("left", "middle", "right");

    @TempDir
    Path folder;

    private ModelRegistry registry;
    private byte[] model;

    @BeforeEach
    void openRegistry() throws Exception {
        DataSource database = TestDataSources.newDatabase("registry");
        Flyway.configure().dataSource(database).load().migrate();
        registry = new ModelRegistry(database, new LocalContentStore(folder.resolve("ipfs")), ModelLimits.defaults());
        model = TestModels.pickLargestOfThree();
    }


    private RegisteredModel register(String name) throws Exception {
        return registry.register(model, new ModelRegistration(name, "picks the largest of three values", AUTHOR,
                "0x" + "ab".repeat(32), 3, CLASSES, 0.97));
    }

    @Test
    void registersOnceAndDescribesTheModel() throws Exception {
        RegisteredModel first = register("Largest of three");
        RegisteredModel again = register("Another name, same bytes");
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(first.cid()).startsWith("bafkrei");
        assertThat(first.author()).isEqualTo(AUTHOR.toLowerCase());
        assertThat(first.classNames()).isEqualTo(CLASSES);
        assertThat(first.classOutput()).isEqualTo("label");
        assertThat(first.parameterCount()).isEqualTo(12);
        assertThat(first.accuracy()).isEqualTo(0.97);
        assertThat(registry.search("LARGEST", null, 10, 0)).extracting(RegisteredModel::id).containsExactly(first.id());
        assertThat(registry.search("", AUTHOR, 10, 0)).hasSize(1);
        assertThat(registry.search("nothing like it", null, 10, 0)).isEmpty();
    }

    @Test
    void predictsAndCountsUsage() throws Exception {
        long id = register("Largest of three").id();
        List<Prediction> rows = registry.predict(id, List.of(new float[] {1, 5, 2}, new float[] {9, 0, 0}, new float[] {0, 0, 0.5f}));
        assertThat(rows).containsExactly(new Prediction(1, "middle"), new Prediction(0, "left"), new Prediction(2, "right"));
        InputStream csv = new ByteArrayInputStream("a,b,c\n0,0,7\n".getBytes(StandardCharsets.UTF_8));
        assertThat(registry.predictCsv(id, csv, "rows.csv")).containsExactly(new Prediction(2, "right"));
        try (InputStream download = registry.download(id)) {
            assertThat(download.readAllBytes()).isEqualTo(model);
        }
        RegisteredModel counted = registry.get(id);
        assertThat(counted.predictions()).isEqualTo(2);
        assertThat(counted.rowsPredicted()).isEqualTo(4);
        assertThat(counted.downloads()).isEqualTo(1);
    }

    /**
     * A regression model (test/vectors/regression/hand-built.onnx: 1.5·a + 0.002·b + 300·c − 0.7·d + 0.25) records its task,
     * target decimals and mean absolute error, and predicts numbers: its fixed-point predictions as decimals.
     */
    @Test
    void aRegressionModelPredictsNumbers() throws Exception {
        byte[] regression = java.nio.file.Files.readAllBytes(Path.of(System.getProperty("modelmarket.root", "../.."), "test", "vectors", "regression",
                "hand-built.onnx"));
        RegisteredModel registered = registry.register(regression, ModelRegistration.regression("Linear", "a straight line", AUTHOR,
                "0x" + "cd".repeat(32), 4, 3, 0.35));
        assertThat(registered.task()).isEqualTo("regression");
        assertThat(registered.classNames()).isEmpty();
        assertThat(registered.targetDecimals()).isEqualTo(3);
        assertThat(registered.meanAbsoluteError()).isEqualTo(0.35);
        assertThat(registered.accuracy()).isNull();
        assertThat(registered.classOutput()).isEqualTo("value");
        assertThat(registry.predict(registered.id(), List.of(new float[] {1, 0, 0, 0}, new float[] {0, 0, 0, 1}, new float[] {0, 1000, 0.001f, 0})))
                .containsExactly(Prediction.ofValue(1.75), Prediction.ofValue(-0.45), Prediction.ofValue(2.55));
        InputStream csv = new ByteArrayInputStream("a,b,c,d\n0,0,0,0\n".getBytes(StandardCharsets.UTF_8));
        assertThat(registry.predictCsv(registered.id(), csv, "rows.csv")).containsExactly(Prediction.ofValue(0.25));
        assertThat(register("Largest of three").task()).isEqualTo("classification");

        assertThatThrownBy(() -> registry.register(model, ModelRegistration.regression("classes as numbers", null, AUTHOR, null, 3, 3, null)))
                .isInstanceOf(ModelRejectedException.class).hasMessage("no output holds a prediction (float32 [batch] or [batch, 1])");
        assertThatThrownBy(() -> new ModelRegistration("both", null, AUTHOR, null, ModelRegistration.numericFeatures(4), List.of(), 3, 0.9, null))
                .hasMessage("a regression model has a mean absolute error, not an accuracy");
        assertThatThrownBy(() -> ModelRegistration.regression("negative", null, AUTHOR, null, 4, 3, -1.0))
                .hasMessageContaining("a mean absolute error is a finite number of at least 0");
    }

    @Test
    void refusesBadInputWithTheReason() throws Exception {
        long id = register("Largest of three").id();
        assertThatThrownBy(() -> registry.predict(id, List.of(new float[] {1, 2})))
                .hasMessage("row 1 has 2 values; the model reads 3");
        assertThatThrownBy(() -> registry.predictCsv(id, new ByteArrayInputStream("a,b\n1,2\n".getBytes()), "rows.csv"))
                .hasMessage("rows.csv:1: expected 3 feature columns, found 2");
        assertThatThrownBy(() -> registry.predictCsv(id, new ByteArrayInputStream("a,b,c\n1,x,2\n".getBytes()), "rows.csv"))
                .hasMessage("rows.csv:2: column 'b': 'x' is not a number");
        assertThatThrownBy(() -> registry.get(999)).isInstanceOf(ModelNotFoundException.class).hasMessage("no model with id 999");
        assertThatThrownBy(() -> registry.register(model, new ModelRegistration("wrong width", null, AUTHOR, null, 4, CLASSES, null)))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessage("the model reads 3 features per row; the dataset has 4");
        assertThatThrownBy(() -> new ModelRegistration("x", null, "alice", null, 3, CLASSES, null))
                .hasMessageContaining("the author must be an address");
        assertThat(registry.search("", null, 10, 0)).hasSize(1);
    }

    /**
     * A mixed-column model (a numeric age with missing values, a categorical city) is registered with its features'
     * names and types, inspected against them, and predicts from rows of numbers and text and from a CSV: a missing
     * value is no error, nor is an unseen city (the baseline predicts for it what it predicts for a missing one).
     */
    @Test
    void aMixedModelPredictsFromNumbersAndTextWithMissingAndUnseenValues() throws Exception {
        BaselineModels.MixedModel mixed = BaselineModels.trainMixed(folder);
        RegisteredModel registered = registry.register(mixed.onnx(), new ModelRegistration("Mixed", null, AUTHOR, null, mixed.features(),
                mixed.classes(), 0.9));
        assertThat(registered.features()).isEqualTo(mixed.features());
        assertThat(registry.get(registered.id()).features()).containsExactly(new Feature("age", "float32"), new Feature("city", "string"));
        assertThat(registered.featureCount()).isEqualTo(2);
        assertThat(registry.search("mixed", null, 10, 0).get(0).features()).isEqualTo(mixed.features());

        List<Prediction> rows = registry.predictRows(registered.id(), List.of(List.of("30", "Oslo"), List.of("30", "Lima, Peru"),
                Arrays.asList(null, "Bergen"), List.of(" 30 ", "Atlantis"), Arrays.asList("30", null), List.of("", "  ")));
        assertThat(rows.subList(0, 3)).extracting(Prediction::className).containsExactly("north", "south", "north");
        assertThat(rows.get(3)).isEqualTo(rows.get(4));
        InputStream csv = new ByteArrayInputStream("age,city\n30,Oslo\n,\"Lima, Peru\"\n30,Atlantis\n".getBytes(StandardCharsets.UTF_8));
        assertThat(registry.predictCsv(registered.id(), csv, "rows.csv")).containsExactly(rows.get(0), new Prediction(1, "south"), rows.get(4));
        assertThat(registry.get(registered.id()).rowsPredicted()).isEqualTo(9);

        long id = registered.id();
        assertThatThrownBy(() -> registry.predictRows(id, List.of(List.of("30", "Oslo"), List.of("abc", "Oslo"))))
                .hasMessage("row 2, column 'age': 'abc' is not a number");
        assertThatThrownBy(() -> registry.predictRows(id, List.of(List.of("1e39", "Oslo"))))
                .hasMessage("row 1, column 'age': 1e39 is beyond the float32 range");
        assertThatThrownBy(() -> registry.predictRows(id, List.of(List.of("30"))))
                .hasMessage("row 1 has 1 value; the model reads 2");
        assertThatThrownBy(() -> registry.predictCsv(id, new ByteArrayInputStream("age,city\n30,Oslo\nNaN,Oslo\n".getBytes()), "rows.csv"))
                .hasMessage("rows.csv:3: column 'age': 'NaN' is not a number");
        assertThat(registry.get(id).predictions()).isEqualTo(2);

        assertThatThrownBy(() -> registry.register(mixed.onnx(), new ModelRegistration("as numbers", null, AUTHOR, null, 2, mixed.classes(), null)))
                .isInstanceOf(ModelRejectedException.class).hasMessage("the model must take one input (float32 [batch, 2]), it takes 2");
        List<Feature> typed = List.of(new Feature("a", "float32"), new Feature("b", "string"), new Feature("c", "float32"));
        assertThatThrownBy(() -> registry.register(model, new ModelRegistration("with text", null, AUTHOR, null, typed, CLASSES, null)))
                .isInstanceOf(ModelRejectedException.class).hasMessage("the model reads 3 numeric features per row; the dataset has 2");
    }

    /**
     * The sandbox's inputs are written as the CSV writer writes a test-inputs file: quoted only where a cell holds a comma,
     * quote or line break, a number stripped, a missing cell empty, and a row of one missing cell {@code ""} (an empty line is
     * no record).
     */
    @Test
    void predictionRowsAreWrittenAsTestInputs() throws Exception {
        PredictionRows rows = new PredictionRows(List.of(new Feature("age", "float32"), new Feature("city, town", "string")));
        rows.add(List.of(" 30 ", "Lima, \"Peru\""), "row 1, ");
        rows.add(Arrays.asList(null, " Oslo"), "row 2, ");
        rows.add(List.of("  ", "a\nb"), "row 3, ");
        Path written = folder.resolve("rows.csv");
        rows.write(written);
        assertThat(java.nio.file.Files.readString(written)).isEqualTo("age,\"city, town\"\n30,\"Lima, \"\"Peru\"\"\"\n, Oslo\n,\"a\nb\"\n");
        PredictionRows one = new PredictionRows(List.of(new Feature("city", "string")));
        one.add(Arrays.asList((String) null), "row 1, ");
        one.write(written);
        assertThat(java.nio.file.Files.readString(written)).isEqualTo("city\n\"\"\n");
        assertThatThrownBy(() -> one.add(List.of("\uFFFD"), "row 2, "))
                .hasMessage("row 2, column 'city': the text holds U+FFFD or a lone surrogate, which is not valid text");
    }

    /** The migration gives a model registered before features had types its feature count of numeric features, named f0, f1, …. */
    @Test
    void aModelRegisteredBeforeHasNumericFeaturesAndPredictsAsBefore() throws Exception {
        DataSource database = TestDataSources.newDatabase("registry-before-features");
        Flyway.configure().dataSource(database).target("15").load().migrate();
        LocalContentStore store = new LocalContentStore(folder.resolve("ipfs-before"));
        Cid cid = store.addAndPin(new ByteArrayInputStream(model));
        try (Connection connection = database.getConnection(); PreparedStatement insert = connection.prepareStatement("INSERT INTO registered_model "
                + "(cid, name, author, feature_count, class_names, parameter_count, size_bytes, class_output, created_at) VALUES (?, 'old', ?, 3, ?, 12, ?, 'label', ?)")) {
            insert.setString(1, cid.toString());
            insert.setString(2, AUTHOR.toLowerCase());
            insert.setString(3, "[\"left\",\"middle\",\"right\"]");
            insert.setLong(4, model.length);
            insert.setTimestamp(5, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        Flyway.configure().dataSource(database).load().migrate();
        ModelRegistry migrated = new ModelRegistry(database, store, ModelLimits.defaults());
        RegisteredModel old = migrated.search("old", null, 1, 0).get(0);
        assertThat(old.features()).isEqualTo(ModelRegistration.numericFeatures(3))
                .containsExactly(new Feature("f0", "float32"), new Feature("f1", "float32"), new Feature("f2", "float32"));
        assertThat(migrated.predict(old.id(), List.of(new float[] {1, 5, 2}))).containsExactly(new Prediction(1, "middle"));
    }
}
