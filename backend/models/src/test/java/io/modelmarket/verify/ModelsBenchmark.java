package io.modelmarket.verify;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.modelmarket.dataset.DatasetSplitter;
import io.modelmarket.dataset.IdxImages;
import io.modelmarket.dataset.SplitOptions;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.dataset.SplitResult;
import io.modelmarket.train.BaselineTrainer;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Fashion-MNIST (Debian's dataset-fashion-mnist), run by scripts/bench-models; results in docs/benchmarks.md.
 * 1. Split the 60,000 training images 50,000 / 10,000 (stratified), train the Tribuo baselines, and verify
 *    them on the 10,000 test rows: accuracy and time.
 * 2. Verification speed on the 10,000 rows, batched and row by row, for the logistic regression and for an
 *    MLP-sized model (784-256-10): inference alone in this JVM, and the whole sandboxed run (worker start-up
 *    and CSV parsing included).
 * Arguments: [folder of the IDX files, default /usr/share/datasets/fashion-mnist] [epochs, default 5].
 */
public final class ModelsBenchmark {
    private static final int FEATURES = 784;
    private static final int CLASSES = 10;

    public static void main(String[] args) throws Exception {
        Path idx = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path work = Files.createTempDirectory("modelmarket-bench-models-");
        Path all = work.resolve("fashion-mnist.csv");
        try (OutputStream out = Files.newOutputStream(all)) {
            IdxImages.toCsv(idx.resolve("train-images-idx3-ubyte.gz"), idx.resolve("train-labels-idx1-ubyte.gz"),
                    IdxImages.FASHION_MNIST_CLASSES, Integer.MAX_VALUE, out);
        }
        Path training = work.resolve("training.csv");
        Path testInputs = work.resolve("test-inputs.csv");
        SplitResult split;
        try (OutputStream trainingOut = Files.newOutputStream(training); OutputStream testOut = Files.newOutputStream(testInputs)) {
            split = DatasetSplitter.split(all, new SplitOptions("label", 1.0 / 6, Bytes32.fromHex("00".repeat(31) + "2a"), true, IdxImages.FASHION_MNIST_CLASSES), trainingOut, testOut);
        }
        System.out.printf(Locale.ROOT, "Fashion-MNIST: %d training rows, %d test rows, %d features%n", split.trainingRows(), split.testRows(), FEATURES);

        ModelLimits limits = ModelLimits.defaults();
        SandboxedVerifier verifier = new SandboxedVerifier(limits);
        InferenceSandbox sandbox = new InferenceSandbox(limits);
        ModelInspector inspector = new ModelInspector(limits);
        byte[] logistic = null;
        for (BaselineTrainer.Kind kind : BaselineTrainer.Kind.values()) {
            long start = System.nanoTime();
            byte[] model = BaselineTrainer.train(training, "label", split.classes(), new BaselineTrainer.Options(kind, epochs, 0.5, 1));
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            int[] predicted = sandbox.predict(model, testInputs, inspector.inspect(model, FEATURES, CLASSES, null), CLASSES);
            byte[] revealed = new byte[predicted.length];
            for (int i = 0; i < predicted.length; i++) {
                revealed[i] = (byte) predicted[i];
            }
            VerificationResult result = verifier.verify(model, testInputs, FEATURES, CLASSES, null, revealed, split.labels(), 1.0);
            System.out.printf(Locale.ROOT, "%-22s epochs %d: trained in %.1f s, test accuracy %.2f%% (%d / %d), verification %s in %d ms%n",
                    kind, epochs, trainSeconds, 100.0 * result.correct() / result.rows(), result.correct(), result.rows(), result.status(), result.inferenceMillis());
            if (kind == BaselineTrainer.Kind.LOGISTIC_REGRESSION) {
                logistic = model;
            }
        }

        byte[] mlp = Graphs.mlp(FEATURES, 256, CLASSES, 7);
        timeInference("logistic regression", logistic, 2L * FEATURES * CLASSES, testInputs, inspector);
        timeInference("MLP 784-256-10", mlp, 2L * (FEATURES * 256 + 256 * CLASSES), testInputs, inspector);
    }

    private static final int REPEATS = 3;

    /** Median of {@link #REPEATS} timings: inference alone on parsed rows in this JVM, and the whole sandboxed run. */
    private static void timeInference(String name, byte[] model, long flopsPerRow, Path inputs, ModelInspector inspector) throws Exception {
        ModelInspection inspection = inspector.inspect(model, FEATURES, CLASSES, null);
        float[] rows = parse(inputs);
        int count = rows.length / FEATURES;
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = environment.createSession(model, options)) {
                String input = session.getInputNames().iterator().next();
                for (int batch : new int[] {1024, 1}) {
                    double[] inference = new double[REPEATS];
                    double[] sandboxed = new double[REPEATS];
                    runAll(environment, session, input, inspection.classOutput(), rows, count, batch); // warm-up
                    for (int r = 0; r < REPEATS; r++) {
                        long start = System.nanoTime();
                        runAll(environment, session, input, inspection.classOutput(), rows, count, batch);
                        inference[r] = (System.nanoTime() - start) / 1e9;
                        ModelLimits limits = new ModelLimits(200L << 20, 100_000_000L, ModelLimits.defaults().allowedDomains(),
                                ModelLimits.defaults().timeout(), 4096, 2, batch);
                        start = System.nanoTime();
                        new InferenceSandbox(limits).predict(model, inputs, inspection, CLASSES);
                        sandboxed[r] = (System.nanoTime() - start) / 1e9;
                    }
                    double seconds = median(inference);
                    System.out.printf(Locale.ROOT, "%-20s %,9d FLOPs/row, batch %4d: inference %.3f s (%,.0f rows/s, %.2f GFLOP/s); "
                                    + "whole sandboxed run (JVM start, CSV parsing) %.3f s%n",
                            name, flopsPerRow, batch, seconds, count / seconds, flopsPerRow * count / seconds / 1e9, median(sandboxed));
                }
            }
        }
    }

    private static void runAll(OrtEnvironment environment, OrtSession session, String input, String output, float[] rows, int count, int batch)
            throws OrtException {
        for (int first = 0; first < count; first += batch) {
            int size = Math.min(batch, count - first);
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(rows, first * FEATURES, size * FEATURES),
                    new long[] {size, FEATURES});
                    OrtSession.Result result = session.run(Map.of(input, tensor), Set.of(output))) {
                result.get(0);
            }
        }
    }

    private static float[] parse(Path inputs) throws Exception {
        List<String> lines = Files.readAllLines(inputs);
        float[] rows = new float[(lines.size() - 1) * FEATURES];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            for (int f = 0; f < FEATURES; f++) {
                rows[(i - 1) * FEATURES + f] = Float.parseFloat(cells[f]);
            }
        }
        return rows;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
