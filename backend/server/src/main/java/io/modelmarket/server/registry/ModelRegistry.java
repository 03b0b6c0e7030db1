package io.modelmarket.server.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.dataset.BountyMetadata.Feature;
import io.modelmarket.dataset.CsvReader;
import io.modelmarket.dataset.DatasetException;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.verify.InferenceSandbox;
import io.modelmarket.verify.SandboxGate;
import io.modelmarket.verify.ModelInspection;
import io.modelmarket.verify.ModelInspector;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.ModelRejectedException;
import io.modelmarket.protocol.FixedPoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Every accepted model, browsable, downloadable and runnable: models are inspected (unsafe ones are
 * refused), stored and pinned in the content store, and recorded in the database (table
 * {@code registered_model}, migrations {@code V1__model_registry.sql} and {@code V14__regression.sql}, its features'
 * names and types in {@code registered_model_feature}, {@code V16__model_features.sql}); downloads, prediction calls and
 * predicted rows are counted for the model's author. Predictions run in the inference sandbox as the verifier's run
 * (numeric features as float32, NaN where missing; categorical ones as strings, {@link PredictionRows}): a
 * classification model's are classes, a regression model's are numbers, its fixed-point predictions at its bounty's
 * target decimals ({@link FixedPoint}) as decimal values.
 */
public final class ModelRegistry {
    /** The most rows one prediction call may carry. */
    public static final int MAX_ROWS_PER_PREDICTION = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, cid, name, description, author, bounty_id, feature_count, task, class_names, target_decimals, "
            + "producer, parameter_count, size_bytes, class_output, accuracy, mean_absolute_error, created_at, downloads, predictions, rows_predicted";

    private final DataSource database;
    private final ContentStore store;
    private final ModelInspector inspector;
    private final InferenceSandbox sandbox;

    private final SandboxGate gate;

    public ModelRegistry(DataSource database, ContentStore store, ModelLimits limits) {
        this(database, store, limits, SandboxGate.unlimited());
    }

    /** A registry whose predictions pass through {@code gate} (shared with every other user of the sandbox). */
    public ModelRegistry(DataSource database, ContentStore store, ModelLimits limits, SandboxGate gate) {
        this.database = database;
        this.store = store;
        this.inspector = new ModelInspector(limits);
        this.sandbox = new InferenceSandbox(limits, gate);
        this.gate = gate;
    }

    /**
     * Inspects, stores, pins and records a model. A model already registered (same CID) is returned as it is.
     *
     * @throws ModelRejectedException when the model is unsafe or does not fit its classes and features (their types
     *     included: docs/models.md, "Inputs")
     */
    public RegisteredModel register(byte[] model, ModelRegistration registration) throws IOException, ModelRejectedException {
        ModelInspection inspection = inspect(model, registration.features(), registration.classCount(), null);
        Cid cid = store.addAndPin(new ByteArrayInputStream(model));
        Optional<RegisteredModel> existing = findByCid(cid.toString());
        if (existing.isPresent()) {
            return existing.get();
        }
        String sql = "INSERT INTO registered_model (cid, name, description, author, bounty_id, feature_count, class_names, producer, "
                + "parameter_count, size_bytes, class_output, accuracy, created_at, task, target_decimals, mean_absolute_error) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false); // the model and its features, or neither
            try {
                insertFeatures(connection, insertModel(connection, sql, cid, registration, inspection), registration.features());
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            // Registered concurrently by someone else: the unique CID makes that the same model.
            return findByCid(cid.toString()).orElseThrow(() -> new IOException("could not record model " + cid, e));
        }
        return findByCid(cid.toString()).orElseThrow();
    }

    /** Inserts the model's row and returns its id. */
    private static long insertModel(Connection connection, String sql, Cid cid, ModelRegistration registration, ModelInspection inspection)
            throws SQLException, IOException {
        try (PreparedStatement insert = connection.prepareStatement(sql, new String[] {"id"})) {
            insert.setString(1, cid.toString());
            insert.setString(2, registration.name());
            insert.setString(3, registration.description());
            insert.setString(4, registration.author());
            insert.setString(5, registration.bountyId());
            insert.setInt(6, registration.featureCount());
            insert.setString(7, JSON.writeValueAsString(registration.classNames()));
            insert.setString(8, inspection.producer());
            insert.setLong(9, inspection.parameterCount());
            insert.setLong(10, inspection.sizeBytes());
            insert.setString(11, inspection.classOutput());
            setNullable(insert, 12, registration.accuracy(), Types.DOUBLE);
            insert.setTimestamp(13, Timestamp.from(Instant.now()));
            insert.setString(14, registration.task());
            setNullable(insert, 15, registration.targetDecimals(), Types.INTEGER);
            setNullable(insert, 16, registration.meanAbsoluteError(), Types.DOUBLE);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void insertFeatures(Connection connection, long modelId, List<Feature> features) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO registered_model_feature (model_id, ordinal, name, type) VALUES (?, ?, ?, ?)")) {
            for (int ordinal = 0; ordinal < features.size(); ordinal++) {
                insert.setLong(1, modelId);
                insert.setInt(2, ordinal);
                insert.setString(3, features.get(ordinal).name());
                insert.setString(4, features.get(ordinal).type());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private ModelInspection inspect(byte[] model, List<Feature> features, int classCount, String outputName) throws ModelRejectedException {
        return inspector.inspect(model, features.stream().map(Feature::type).toList(), features.stream().map(Feature::name).toList(), classCount,
                outputName);
    }

    /** One model. */
    public RegisteredModel get(long id) throws ModelNotFoundException, IOException {
        List<RegisteredModel> found = query("SELECT " + COLUMNS + " FROM registered_model WHERE id = ?", id);
        if (found.isEmpty()) {
            throw new ModelNotFoundException(id);
        }
        return found.get(0);
    }

    /**
     * Models whose name or description contains {@code text} (case-insensitive; empty or null: all), newest
     * first, optionally only those of one author.
     */
    public List<RegisteredModel> search(String text, String author, int limit, int offset) throws IOException {
        String pattern = "%" + (text == null ? "" : text.toLowerCase().replace("%", "\\%").replace("_", "\\_")) + "%";
        String sql = "SELECT " + COLUMNS + " FROM registered_model WHERE (LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(description, '')) LIKE ? ESCAPE '\\')"
                + (author == null ? "" : " AND author = ?") + " ORDER BY id DESC LIMIT ? OFFSET ?";
        return author == null
                ? query(sql, pattern, pattern, Math.min(limit, 1000), Math.max(offset, 0))
                : query(sql, pattern, pattern, author.toLowerCase(), Math.min(limit, 1000), Math.max(offset, 0));
    }

    /** The model file, counted as a download. */
    public InputStream download(long id) throws ModelNotFoundException, IOException {
        RegisteredModel model = get(id);
        InputStream content = store.cat(Cid.parse(model.cid()));
        update("UPDATE registered_model SET downloads = downloads + 1 WHERE id = ?", id);
        return content;
    }

    private static void setNullable(PreparedStatement insert, int index, Object value, int sqlType) throws SQLException {
        if (value == null) {
            insert.setNull(index, sqlType);
        } else {
            insert.setObject(index, value, sqlType);
        }
    }

    /**
     * Runs an all-numeric model on {@code rows} (each of the model's feature count of numbers, NaN for a missing one), as
     * {@link #predictRows} does.
     */
    public List<Prediction> predict(long id, List<float[]> rows) throws ModelNotFoundException, IOException, DatasetException {
        List<List<String>> cells = new ArrayList<>(rows.size());
        for (float[] row : rows) {
            String[] texts = new String[row.length];
            for (int column = 0; column < row.length; column++) {
                texts[column] = Float.isNaN(row[column]) ? null : Float.toString(row[column]);
            }
            cells.add(Arrays.asList(texts));
        }
        return predictRows(id, cells);
    }

    /**
     * Runs the model on {@code rows}, each a cell for each of its features in order ({@link PredictionRows}: a number's
     * text for a numeric feature, any text for a categorical one; {@code null}, empty or spaces for a missing value), in
     * the sandbox, and counts the use: a class for each row, or for a regression model a number, its fixed-point
     * prediction at the model's target decimals. Rows are counted from 1 in errors ({@code row 3, column 'age': 'abc' is
     * not a number}).
     */
    public List<Prediction> predictRows(long id, List<List<String>> rows) throws ModelNotFoundException, IOException, DatasetException {
        RegisteredModel model = get(id);
        checkRowCount(rows.size());
        PredictionRows checked = new PredictionRows(model.features());
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i) == null ? List.of() : rows.get(i);
            if (row.size() != model.featureCount()) {
                throw new DatasetException("row " + (i + 1) + " has " + row.size() + (row.size() == 1 ? " value" : " values") + "; the model reads "
                        + model.featureCount());
            }
            checked.add(row, "row " + (i + 1) + ", ");
        }
        return run(model, checked);
    }

    /**
     * {@link #predictRows} on a CSV with a header and the model's feature columns, in order (their names are not
     * compared); errors name the file's line.
     */
    public List<Prediction> predictCsv(long id, InputStream csv, String source) throws ModelNotFoundException, IOException {
        RegisteredModel model = get(id);
        CsvReader reader = new CsvReader(csv, source);
        if (reader.header().size() != model.featureCount()) {
            throw DatasetException.at(source, 1, "expected " + model.featureCount() + " feature columns, found " + reader.header().size());
        }
        PredictionRows checked = new PredictionRows(model.features(), reader.header());
        for (String[] row; (row = reader.next()) != null; ) {
            if (checked.size() == MAX_ROWS_PER_PREDICTION) {
                throw DatasetException.at(source, reader.recordLine(), "more than " + MAX_ROWS_PER_PREDICTION + " rows");
            }
            checked.add(Arrays.asList(row), source + ":" + reader.recordLine() + ": ");
        }
        checkRowCount(checked.size());
        return run(model, checked);
    }

    private static void checkRowCount(int rows) throws DatasetException {
        if (rows == 0 || rows > MAX_ROWS_PER_PREDICTION) {
            throw new DatasetException("send 1 to " + MAX_ROWS_PER_PREDICTION + " rows, not " + rows);
        }
    }

    private List<Prediction> run(RegisteredModel model, PredictionRows rows) throws IOException {
        int[] answers;
        try (SandboxGate.Permit permit = gate.enter()) { // the model is read into memory only inside the gate
            byte[] bytes;
            try (InputStream in = store.cat(Cid.parse(model.cid()))) {
                bytes = in.readAllBytes();
            }
            answers = runSandboxed(bytes, model, rows);
        }
        update("UPDATE registered_model SET predictions = predictions + 1, rows_predicted = rows_predicted + ? WHERE id = ?", rows.size(), model.id());
        List<Prediction> predictions = new ArrayList<>(answers.length);
        for (int answer : answers) {
            if (model.regression()) {
                predictions.add(Prediction.ofValue(BigDecimal.valueOf(answer, model.targetDecimals()).doubleValue()));
            } else {
                boolean known = answer >= 0 && answer < model.classNames().size();
                predictions.add(new Prediction(answer, known ? model.classNames().get(answer) : null));
            }
        }
        return predictions;
    }

    private int[] runSandboxed(byte[] bytes, RegisteredModel model, PredictionRows rows) throws IOException {
        Path inputs = Files.createTempFile("modelmarket-predict-", ".csv");
        try {
            rows.write(inputs);
            ModelInspection inspection = inspect(bytes, model.features(), model.classNames().size(), model.classOutput());
            return model.regression() ? sandbox.predictTargets(bytes, inputs, inspection, model.targetDecimals())
                    : sandbox.predict(bytes, inputs, inspection, model.classNames().size());
        } catch (ModelRejectedException | InferenceSandbox.InferenceFailedException e) {
            throw new IOException("model " + model.id() + " could not run: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(inputs);
        }
    }

    private Optional<RegisteredModel> findByCid(String cid) throws IOException {
        return query("SELECT " + COLUMNS + " FROM registered_model WHERE cid = ?", cid).stream().findFirst();
    }

    private List<RegisteredModel> query(String sql, Object... parameters) throws IOException {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<RegisteredModel> models = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    models.add(read(rows));
                }
            }
            Map<Long, List<Feature>> features = features(connection, models.stream().map(RegisteredModel::id).toList());
            return models.stream().map(model -> model.withFeatures(features.getOrDefault(model.id(), List.of()))).toList();
        } catch (SQLException e) {
            throw new IOException("the model registry's database failed: " + e.getMessage(), e);
        }
    }

    /** The features of the models {@code ids}, in CSV order. */
    private static Map<Long, List<Feature>> features(Connection connection, List<Long> ids) throws SQLException {
        Map<Long, List<Feature>> features = new HashMap<>();
        if (ids.isEmpty()) {
            return features;
        }
        String sql = "SELECT model_id, name, type FROM registered_model_feature WHERE model_id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?"))
                + ") ORDER BY model_id, ordinal";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                statement.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    features.computeIfAbsent(rows.getLong("model_id"), id -> new ArrayList<>()).add(new Feature(rows.getString("name"), rows.getString("type")));
                }
            }
        }
        return features;
    }

    private void update(String sql, Object... parameters) throws IOException {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("the model registry's database failed: " + e.getMessage(), e);
        }
    }

    /** A model's row, without its features (the caller reads them for all its rows at once). */
    private static RegisteredModel read(ResultSet row) throws SQLException {
        Double accuracy = row.getObject("accuracy") == null ? null : row.getDouble("accuracy");
        Double meanAbsoluteError = row.getObject("mean_absolute_error") == null ? null : row.getDouble("mean_absolute_error");
        Integer targetDecimals = row.getObject("target_decimals") == null ? null : row.getInt("target_decimals");
        List<String> classNames;
        try {
            classNames = JSON.readValue(row.getString("class_names"), new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt class_names of model " + row.getLong("id"), e);
        }
        return new RegisteredModel(row.getLong("id"), row.getString("cid"), row.getString("name"), row.getString("description"),
                row.getString("author"), row.getString("bounty_id"), row.getInt("feature_count"), List.of(), row.getString("task"), classNames, targetDecimals,
                row.getString("producer"), row.getLong("parameter_count"), row.getLong("size_bytes"), row.getString("class_output"), accuracy,
                meanAbsoluteError,
                row.getTimestamp("created_at").toInstant(), row.getLong("downloads"), row.getLong("predictions"), row.getLong("rows_predicted"));
    }
}
