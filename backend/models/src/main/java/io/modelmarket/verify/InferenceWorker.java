package io.modelmarket.verify;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
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
import java.util.Map;
import java.util.Set;

/**
 * The process that runs an untrusted model: reads the test inputs CSV, runs the model in batches with ONNX
 * Runtime, and writes one big-endian int32 per row: the class index, or for regression the fixed-point prediction
 * ({@link FixedPoint#fromFloat}, at the bounty's decimals). The parent ({@link InferenceSandbox}) starts it
 * with time, memory and thread limits and kills it when it overstays; a crash here never reaches the parent.
 *
 * <p>Arguments: the marker file, model, inputs CSV, output file, feature count, class count, output name,
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
            run(marker, Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    args[6], Reading.valueOf(args[7].toUpperCase(java.util.Locale.ROOT)), Integer.parseInt(args[8]), Integer.parseInt(args[9]),
                    Integer.parseInt(args[10]));
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
    static void run(Path marker, Path model, Path inputs, Path output, int features, int classes, String outputName, Reading reading,
            int threads, int batchSize, int decimals) throws IOException, OrtException {
        OrtEnvironment environment = onnxRuntime();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                InputStream in = Files.newInputStream(inputs);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(output)))) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            CsvReader reader = new CsvReader(in, inputs.getFileName().toString());
            if (reader.header().size() != features) {
                throw new IOException("the test inputs have " + reader.header().size() + " columns, the model reads " + features);
            }
            byte[] modelBytes = Files.readAllBytes(model);
            Files.writeString(marker, "loading the model\n");
            try (OrtSession session = load(environment, modelBytes, options)) {
                String inputName = session.getInputNames().iterator().next();
                float[] batch = new float[batchSize * features];
                int rows = 0;
                long firstRow = 0;
                for (String[] row; (row = reader.next()) != null; ) {
                    for (int column = 0; column < features; column++) {
                        batch[rows * features + column] = Float.parseFloat(row[column].strip());
                    }
                    if (++rows == batchSize) {
                        predict(environment, session, inputName, outputName, reading, batch, firstRow, rows, features, classes, decimals, out);
                        firstRow += rows;
                        rows = 0;
                    }
                }
                if (rows > 0) {
                    predict(environment, session, inputName, outputName, reading, batch, firstRow, rows, features, classes, decimals, out);
                }
            }
        }
    }

    /** A classification run: the output holds class indices ({@code isIndex}) or class scores. */
    static void run(Path marker, Path model, Path inputs, Path output, int features, int classes, String outputName, boolean isIndex,
            int threads, int batchSize) throws IOException, OrtException {
        run(marker, model, inputs, output, features, classes, outputName, isIndex ? Reading.INDEX : Reading.SCORES, threads, batchSize, 0);
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

    /** Runs one batch: {@code rows} rows of {@code batch}, the first of which is test row {@code firstRow}. */
    private static void predict(OrtEnvironment environment, OrtSession session, String inputName, String outputName, Reading reading,
            float[] batch, long firstRow, int rows, int features, int classes, int decimals, DataOutputStream out) throws OrtException, IOException {
        try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(batch, 0, rows * features), new long[] {rows, features});
                OrtSession.Result result = run(session, inputName, input, outputName, firstRow, rows)) {
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
        }
    }

    private static OrtSession.Result run(OrtSession session, String inputName, OnnxTensor input, String outputName, long firstRow, int rows)
            throws ModelFaultException {
        try {
            return session.run(Map.of(inputName, input), Set.of(outputName));
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
