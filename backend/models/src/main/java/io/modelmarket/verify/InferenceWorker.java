package io.modelmarket.verify;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.CsvReader;
import io.modelmarket.protocol.FixedPoint;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The process that runs an untrusted model: reads the test inputs CSV, runs the model in batches with ONNX
 * Runtime, and writes one big-endian int32 per row: the class index, or for regression the fixed-point prediction
 * ({@link FixedPoint#fromFloat}, at the bounty's decimals). The parent ({@link InferenceSandbox}) starts it
 * with time, memory and thread limits and kills it when it overstays; a crash here never reaches the parent.
 *
 * <p>The model reads the convention's inputs (docs/models.md, "Inputs"): the numeric columns as float32 {@code [rows, Fn]}, NaN
 * where a cell is missing, and the categorical columns as string {@code [rows, Fs]}, {@code ""} where a cell is missing,
 * each in CSV order.
 *
 * <p>Arguments: the marker file, model, inputs CSV, output file, column types ({@code n} numeric, {@code s} categorical,
 * one letter a column), the float32 input's name and the string input's name (empty: none), class count, output name,
 * "index"|"scores"|"value", threads, batch size, target decimals (read for "value"). The worker writes the marker
 * once ONNX Runtime is loaded and the inputs open, just before it loads the model: from then on, a crash is the
 * model's doing. It exits 0 with predictions, {@link #MODEL_FAULT} when the model broke the convention or ONNX Runtime
 * refused it, {@link #OUT_OF_MEMORY} when the model needed more memory than the sandbox gives, and
 * {@link #SANDBOX_FAULT} when the worker itself could not do its part (a file, the runtime); the reason is the last
 * line on standard error.
 */
public final class InferenceWorker {
    static final int MODEL_FAULT = 3;
    static final int SANDBOX_FAULT = 4;
    static final int OUT_OF_MEMORY = 5;

    private InferenceWorker() {}

    public static void main(String[] args) {
        try {
            Path marker = Path.of(args[0]);
            run(marker, Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), new Columns(args[4], args[5], args[6]), Integer.parseInt(args[7]),
                    args[8], Reading.valueOf(args[9].toUpperCase(java.util.Locale.ROOT)), Integer.parseInt(args[10]), Integer.parseInt(args[11]),
                    Integer.parseInt(args[12]));
            System.exit(0);
        } catch (ModelFaultException e) {
            exit(e.outOfMemory ? OUT_OF_MEMORY : MODEL_FAULT, e.getMessage());
        } catch (OutOfMemoryError e) {
            exit(OUT_OF_MEMORY, "OutOfMemoryError: " + e.getMessage());
        } catch (Throwable e) {
            exit(SANDBOX_FAULT, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void exit(int code, String reason) {
        System.err.println(reason.replace('\n', ' '));
        System.exit(code);
    }

    /**
     * Runs the model on every row of {@code inputs}, writing {@code marker} when the model is about to load.
     *
     * @throws ModelFaultException when the model is at fault: refused by ONNX Runtime, failing in it, out of
     *     memory in it, or answering with something other than one class per row
     * @throws IOException when a file could not be read or written (not the model's doing)
     */
    static void run(Path marker, Path model, Path inputs, Path output, Columns columns, int classes, String outputName, Reading reading,
            int threads, int batchSize, int decimals) throws IOException, OrtException {
        OrtEnvironment environment = onnxRuntime();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                InputStream in = Files.newInputStream(inputs);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(output)))) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            CsvReader reader = new CsvReader(in, inputs.getFileName().toString());
            if (reader.header().size() != columns.count()) {
                throw new IOException("the test inputs have " + reader.header().size() + " columns, the model reads " + columns.count());
            }
            byte[] modelBytes = Files.readAllBytes(model);
            Files.writeString(marker, "loading the model\n");
            try (OrtSession session = load(environment, modelBytes, options)) {
                Batch batch = new Batch(columns.numericInput().isEmpty() && columns.stringInput().isEmpty()
                        ? new Columns(columns.types(), session.getInputNames().iterator().next(), "") : columns, batchSize);
                long firstRow = 0;
                for (String[] row; (row = reader.next()) != null; ) {
                    if (batch.add(row) == batchSize) {
                        predict(environment, session, batch, outputName, reading, firstRow, classes, decimals, out);
                        firstRow += batch.rows;
                        batch.rows = 0;
                    }
                }
                if (batch.rows > 0) {
                    predict(environment, session, batch, outputName, reading, firstRow, classes, decimals, out);
                }
            }
        }
    }

    /**
     * A classification run of an all-numeric dataset's model, whose one input is read whatever its name: the output holds
     * class indices ({@code isIndex}) or class scores.
     */
    static void run(Path marker, Path model, Path inputs, Path output, int features, int classes, String outputName, boolean isIndex,
            int threads, int batchSize) throws IOException, OrtException {
        run(marker, model, inputs, output, new Columns("n".repeat(features), "", ""), classes, outputName, isIndex ? Reading.INDEX : Reading.SCORES,
                threads, batchSize, 0);
    }

    /** The worker's column-types argument: {@code n} for a numeric feature, {@code s} for a categorical one, in CSV order. */
    static String columnTypes(List<String> featureTypes) {
        StringBuilder types = new StringBuilder();
        featureTypes.forEach(type -> types.append(BountyMetadata.Feature.CATEGORICAL.equals(type) ? 's' : 'n'));
        return types.toString();
    }

    /** Each column's type ({@code n} or {@code s}) and the model's input of each type ({@code ""}: none). */
    record Columns(String types, String numericInput, String stringInput) {
        int count() {
            return types.length();
        }

        int numericCount() {
            return (int) types.chars().filter(c -> c == 'n').count();
        }
    }

    /** The rows of one batch, numeric cells as float32 (NaN where missing), categorical cells as strings ({@code ""} where missing). */
    private static final class Batch {
        final Columns columns;
        final int numericWidth;
        final int stringWidth;
        final float[] numbers;
        final String[] strings;
        int rows;

        Batch(Columns columns, int batchSize) {
            this.columns = columns;
            numericWidth = columns.numericCount();
            stringWidth = columns.count() - numericWidth;
            numbers = new float[batchSize * numericWidth];
            strings = new String[batchSize * stringWidth];
        }

        /** Adds a row; returns the rows now held. */
        int add(String[] row) {
            int n = rows * numericWidth;
            int s = rows * stringWidth;
            for (int column = 0; column < row.length; column++) {
                String cell = row[column];
                boolean missing = BountyMetadata.Feature.isMissing(cell);
                if (columns.types().charAt(column) == 'n') {
                    numbers[n++] = missing ? Float.NaN : Float.parseFloat(cell.strip());
                } else {
                    strings[s++] = missing ? "" : cell;
                }
            }
            return ++rows;
        }

        /** The model's inputs for the rows held, by name. */
        Map<String, OnnxTensor> tensors(OrtEnvironment environment) throws OrtException {
            Map<String, OnnxTensor> tensors = new HashMap<>();
            if (!columns.numericInput().isEmpty()) {
                tensors.put(columns.numericInput(),
                        OnnxTensor.createTensor(environment, FloatBuffer.wrap(numbers, 0, rows * numericWidth), new long[] {rows, numericWidth}));
            }
            if (!columns.stringInput().isEmpty()) {
                tensors.put(columns.stringInput(),
                        OnnxTensor.createTensor(environment, Arrays.copyOf(strings, rows * stringWidth), new long[] {rows, stringWidth}));
            }
            return tensors;
        }
    }

    private static OrtEnvironment onnxRuntime() throws IOException {
        try {
            return OrtEnvironment.getEnvironment();
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("ONNX Runtime's native library did not load: " + e.getMessage(), e);
        }
    }

    private static OrtSession load(OrtEnvironment environment, byte[] model, OrtSession.SessionOptions options) throws ModelFaultException {
        try {
            return environment.createSession(model, options);
        } catch (OrtException e) {
            throw ModelFaultException.of("ONNX Runtime cannot load the model: ", e);
        }
    }

    /** Runs one batch, the first row of which is test row {@code firstRow}. */
    private static void predict(OrtEnvironment environment, OrtSession session, Batch batch, String outputName, Reading reading,
            long firstRow, int classes, int decimals, DataOutputStream out) throws OrtException, IOException {
        int rows = batch.rows;
        Map<String, OnnxTensor> inputs = batch.tensors(environment);
        try (OrtSession.Result result = run(session, inputs, outputName, firstRow, rows)) {
            OnnxValue value = result.get(outputName).orElseThrow();
            if (!(value instanceof OnnxTensor tensor)) {
                throw new ModelFaultException("output '" + outputName + "' is not a tensor");
            }
            if (reading == Reading.VALUE) {
                FloatBuffer values = tensor.getFloatBuffer();
                if (values == null) {
                    throw new ModelFaultException("output '" + outputName + "' does not hold float32 values");
                }
                if (values.remaining() != rows) {
                    throw new ModelFaultException("output '" + outputName + "' gave " + values.remaining() + " values for " + rows + " rows");
                }
                for (int i = 0; i < rows; i++) {
                    out.writeInt(fixedPoint(values.get(i), decimals, firstRow + i));
                }
            } else if (reading == Reading.INDEX) {
                LongBuffer indices = tensor.getLongBuffer();
                if (indices.remaining() != rows) {
                    throw new ModelFaultException("output '" + outputName + "' gave " + indices.remaining() + " values for " + rows + " rows");
                }
                for (int i = 0; i < rows; i++) {
                    long index = indices.get(i);
                    if (index < 0 || index >= classes) {
                        throw new ModelFaultException("row " + (firstRow + i) + ": class " + index + "; classes are 0.." + (classes - 1));
                    }
                    out.writeInt((int) index);
                }
            } else {
                FloatBuffer scores = tensor.getFloatBuffer();
                if (scores.remaining() != (long) rows * classes) {
                    throw new ModelFaultException("output '" + outputName + "' gave " + scores.remaining() + " scores for " + rows + " rows of "
                            + classes + " classes");
                }
                for (int i = 0; i < rows; i++) {
                    out.writeInt(argMax(scores, i * classes, classes, firstRow + i));
                }
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static OrtSession.Result run(OrtSession session, Map<String, OnnxTensor> inputs, String outputName, long firstRow, int rows)
            throws ModelFaultException {
        try {
            return session.run(inputs, Set.of(outputName));
        } catch (OrtException e) {
            throw ModelFaultException.of("ONNX Runtime failed on rows " + firstRow + " to " + (firstRow + rows - 1) + ": ", e);
        }
    }

    /** A regression prediction as the fixed-point number a trainer reveals; NaN, infinite or beyond int32 is the model's fault. */
    private static int fixedPoint(float value, int decimals, long row) throws ModelFaultException {
        try {
            return FixedPoint.fromFloat(value, decimals);
        } catch (IllegalArgumentException e) {
            throw new ModelFaultException("row " + row + ": the prediction " + e.getMessage());
        }
    }

    /** How the worker reads the model's output: class indices, class scores to arg-max, or a regression value. */
    enum Reading { INDEX, SCORES, VALUE }

    /**
     * The class with the highest score (the first of equals); a score that is not a finite number is refused,
     * naming the row, since no comparison with it means anything.
     */
    private static int argMax(FloatBuffer scores, int offset, int classes, long row) throws ModelFaultException {
        int best = 0;
        for (int c = 0; c < classes; c++) {
            float score = scores.get(offset + c);
            if (!Float.isFinite(score)) {
                throw new ModelFaultException("row " + row + ": the score of class " + c + " is " + score + "; scores must be finite numbers");
            }
            if (score > scores.get(offset + best)) {
                best = c;
            }
        }
        return best;
    }

    /** The model is at fault: the message alone says what and where; {@code outOfMemory} when it ran out of memory. */
    static final class ModelFaultException extends IOException {
        final boolean outOfMemory;

        ModelFaultException(String message) {
            this(message, false);
        }

        private ModelFaultException(String message, boolean outOfMemory) {
            super(message);
            this.outOfMemory = outOfMemory;
        }

        /** ONNX Runtime's error as the model's fault; its allocation failures (the address-space limit) as running out of memory. */
        static ModelFaultException of(String context, OrtException e) {
            String message = String.valueOf(e.getMessage());
            boolean outOfMemory = message.contains("bad_alloc") || message.contains("Failed to allocate");
            return new ModelFaultException(context + message, outOfMemory);
        }
    }
}
