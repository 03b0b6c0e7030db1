package io.modelmarket.server.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.BufferedWriter;
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
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Every accepted model, browsable, downloadable and runnable: models are inspected (unsafe ones are
 * refused), stored and pinned in the content store, and recorded in the database (table
 * {@code registered_model}, migrations {@code V1__model_registry.sql} and {@code V14__regression.sql}); downloads,
 * prediction calls and predicted rows are counted for the model's author. Predictions run in the inference sandbox: a
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
     * @throws ModelRejectedException when the model is unsafe or does not fit its classes and features
     */
    public RegisteredModel register(byte[] model, ModelRegistration registration) throws IOException, ModelRejectedException {
        ModelInspection inspection = inspector.inspect(model, registration.featureCount(), registration.classCount(), null);
        Cid cid = store.addAndPin(new ByteArrayInputStream(model));
        Optional<RegisteredModel> existing = findByCid(cid.toString());
        if (existing.isPresent()) {
            return existing.get();
        }
        String sql = "INSERT INTO registered_model (cid, name, description, author, bounty_id, feature_count, class_names, producer, "
                + "parameter_count, size_bytes, class_output, accuracy, created_at, task, target_decimals, mean_absolute_error) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement(sql, new String[] {"id"})) {
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
        } catch (SQLException e) {
            // Registered concurrently by someone else: the unique CID makes that the same model.
            return findByCid(cid.toString()).orElseThrow(() -> new IOException("could not record model " + cid, e));
        }
        return findByCid(cid.toString()).orElseThrow();
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
     * Runs the model on {@code rows} (each of the model's feature count) in the sandbox and counts the use: a class for
     * each row, or for a regression model a number, its fixed-point prediction at the model's target decimals.
     */
    public List<Prediction> predict(long id, List<float[]> rows) throws ModelNotFoundException, IOException, DatasetException {
        RegisteredModel model = get(id);
        if (rows.isEmpty() || rows.size() > MAX_ROWS_PER_PREDICTION) {
            throw new DatasetException("send 1 to " + MAX_ROWS_PER_PREDICTION + " rows, not " + rows.size());
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).length != model.featureCount()) {
                throw new DatasetException("row " + i + " has " + rows.get(i).length + " values; the model reads " + model.featureCount());
            }
        }
        int[] answers;
        try (SandboxGate.Permit permit = gate.enter()) { // the model is read into memory only inside the gate
            byte[] bytes;
            try (InputStream in = store.cat(Cid.parse(model.cid()))) {
                bytes = in.readAllBytes();
            }
            answers = runSandboxed(bytes, model, rows);
        }
        update("UPDATE registered_model SET predictions = predictions + 1, rows_predicted = rows_predicted + ? WHERE id = ?", rows.size(), id);
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

    /** {@link #predict(long, List)} on a CSV with a header and the model's feature columns, in order. */
    public List<Prediction> predictCsv(long id, InputStream csv, String source) throws ModelNotFoundException, IOException {
        RegisteredModel model = get(id);
        CsvReader reader = new CsvReader(csv, source);
        if (reader.header().size() != model.featureCount()) {
            throw DatasetException.at(source, 1, "expected " + model.featureCount() + " feature columns, found " + reader.header().size());
        }
        List<float[]> rows = new ArrayList<>();
        for (String[] row; (row = reader.next()) != null; ) {
            if (rows.size() == MAX_ROWS_PER_PREDICTION) {
                throw DatasetException.at(source, reader.recordLine(), "more than " + MAX_ROWS_PER_PREDICTION + " rows");
            }
            float[] values = new float[row.length];
            for (int column = 0; column < row.length; column++) {
                try {
                    values[column] = Float.parseFloat(row[column].strip());
                } catch (NumberFormatException e) {
                    throw DatasetException.at(source, reader.recordLine(), "column '" + reader.header().get(column) + "' holds '"
                            + row[column] + "'; expected a number");
                }
            }
            rows.add(values);
        }
        return predict(id, rows);
    }

    private int[] runSandboxed(byte[] bytes, RegisteredModel model, List<float[]> rows) throws IOException {
        Path inputs = Files.createTempFile("modelmarket-predict-", ".csv");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(inputs)) {
                for (int column = 0; column < model.featureCount(); column++) {
                    out.write(column == 0 ? "f0" : ",f" + column);
                }
                out.write('\n');
                for (float[] row : rows) {
                    for (int column = 0; column < row.length; column++) {
                        if (column > 0) {
                            out.write(',');
                        }
                        out.write(Float.toString(row[column]));
                    }
                    out.write('\n');
                }
            }
            ModelInspection inspection = inspector.inspect(bytes, model.featureCount(), model.classNames().size(), model.classOutput());
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
            return models;
        } catch (SQLException e) {
            throw new IOException("the model registry's database failed: " + e.getMessage(), e);
        }
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
                row.getString("author"), row.getString("bounty_id"), row.getInt("feature_count"), row.getString("task"), classNames, targetDecimals,
                row.getString("producer"), row.getLong("parameter_count"), row.getLong("size_bytes"), row.getString("class_output"), accuracy,
                meanAbsoluteError,
                row.getTimestamp("created_at").toInstant(), row.getLong("downloads"), row.getLong("predictions"), row.getLong("rows_predicted"));
    }
}
