package io.modelmarket.verify;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.modelmarket.dataset.CsvReader;
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
 * Runtime, and writes one big-endian int32 class index per row. The parent ({@link SandboxedVerifier})
 * starts it with time, memory and thread limits and kills it when it overstays; a crash here never reaches
 * the parent.
 *
 * <p>Arguments: model, inputs CSV, output file, feature count, class count, output name, "index"|"scores",
 * threads, batch size. Exit 0 on success; otherwise the reason is the last line on standard error.
 */
public final class InferenceWorker {
    private InferenceWorker() {}

    public static void main(String[] args) {
        try {
            run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args[5], "index".equals(args[6]), Integer.parseInt(args[7]), Integer.parseInt(args[8]));
            System.exit(0);
        } catch (UnusableOutputException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Exception | OutOfMemoryError e) {
            System.err.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(2);
        }
    }

    static void run(Path model, Path inputs, Path output, int features, int classes, String outputName, boolean isIndex,
            int threads, int batchSize) throws IOException, OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            try (OrtSession session = environment.createSession(Files.readAllBytes(model), options);
                    InputStream in = Files.newInputStream(inputs);
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(output)))) {
                String inputName = session.getInputNames().iterator().next();
                CsvReader reader = new CsvReader(in, inputs.getFileName().toString());
                if (reader.header().size() != features) {
                    throw new IOException("the test inputs have " + reader.header().size() + " columns, the model reads " + features);
                }
                float[] batch = new float[batchSize * features];
                int rows = 0;
                long firstRow = 0;
                for (String[] row; (row = reader.next()) != null; ) {
                    for (int column = 0; column < features; column++) {
                        batch[rows * features + column] = Float.parseFloat(row[column].strip());
                    }
                    if (++rows == batchSize) {
                        predict(environment, session, inputName, outputName, isIndex, batch, firstRow, rows, features, classes, out);
                        firstRow += rows;
                        rows = 0;
                    }
                }
                if (rows > 0) {
                    predict(environment, session, inputName, outputName, isIndex, batch, firstRow, rows, features, classes, out);
                }
            }
        }
    }

    /** Runs one batch: {@code rows} rows of {@code batch}, the first of which is test row {@code firstRow}. */
    private static void predict(OrtEnvironment environment, OrtSession session, String inputName, String outputName, boolean isIndex,
            float[] batch, long firstRow, int rows, int features, int classes, DataOutputStream out) throws OrtException, IOException {
        try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(batch, 0, rows * features), new long[] {rows, features});
                OrtSession.Result result = session.run(Map.of(inputName, input), Set.of(outputName))) {
            OnnxValue value = result.get(outputName).orElseThrow();
            if (!(value instanceof OnnxTensor tensor)) {
                throw new UnusableOutputException("output '" + outputName + "' is not a tensor");
            }
            if (isIndex) {
                LongBuffer indices = tensor.getLongBuffer();
                if (indices.remaining() != rows) {
                    throw new UnusableOutputException("output '" + outputName + "' gave " + indices.remaining() + " values for " + rows + " rows");
                }
                for (int i = 0; i < rows; i++) {
                    long index = indices.get(i);
                    if (index < 0 || index >= classes) {
                        throw new UnusableOutputException("row " + (firstRow + i) + ": class " + index + "; classes are 0.." + (classes - 1));
                    }
                    out.writeInt((int) index);
                }
            } else {
                FloatBuffer scores = tensor.getFloatBuffer();
                if (scores.remaining() != (long) rows * classes) {
                    throw new UnusableOutputException("output '" + outputName + "' gave " + scores.remaining() + " scores for " + rows + " rows of " + classes + " classes");
                }
                for (int i = 0; i < rows; i++) {
                    int best = 0;
                    for (int c = 1; c < classes; c++) {
                        if (scores.get(i * classes + c) > scores.get(i * classes + best)) {
                            best = c;
                        }
                    }
                    out.writeInt(best);
                }
            }
        }
    }

    /** The model answered, but not with what the convention asks for; the message alone says what and where. */
    static final class UnusableOutputException extends IOException {
        UnusableOutputException(String message) {
            super(message);
        }
    }
}
