package io.modelmarket.verify;

import io.modelmarket.dataset.DatasetSplitter;
import io.modelmarket.dataset.IdxImages;
import io.modelmarket.dataset.SplitOptions;
import io.modelmarket.dataset.SplitResult;
import io.modelmarket.train.BaselineTrainer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Fashion-MNIST (Debian's dataset-fashion-mnist), run by scripts/bench-models; results in docs/benchmarks.md.
 * 1. Split the 60,000 training images 50,000 / 10,000 (stratified), train the Tribuo baselines, and verify
 *    them on the 10,000 test rows: accuracy and time.
 * 2. Verification speed on the 10,000 rows, batched and row by row, for the logistic regression and for an
 *    MLP-sized model (784-256-10), in the worker process and in this JVM (without process start-up).
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
            split = DatasetSplitter.split(all, new SplitOptions("label", 1.0 / 6, 42, true, IdxImages.FASHION_MNIST_CLASSES), trainingOut, testOut);
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
        timeInference("logistic regression", logistic, 2L * FEATURES * CLASSES, testInputs, work, inspector);
        timeInference("MLP 784-256-10", mlp, 2L * (FEATURES * 256 + 256 * CLASSES), testInputs, work, inspector);
    }

    private static void timeInference(String name, byte[] model, long flopsPerRow, Path inputs, Path work, ModelInspector inspector) throws Exception {
        ModelInspection inspection = inspector.inspect(model, FEATURES, CLASSES, null);
        Path modelFile = Files.write(work.resolve("timed.onnx"), model);
        for (int batch : new int[] {1024, 1}) {
            InferenceWorker.run(modelFile, inputs, work.resolve("warmup.bin"), FEATURES, CLASSES, inspection.classOutput(), true, 2, batch);
            long start = System.nanoTime();
            InferenceWorker.run(modelFile, inputs, work.resolve("timed.bin"), FEATURES, CLASSES, inspection.classOutput(), true, 2, batch);
            double seconds = (System.nanoTime() - start) / 1e9;
            ModelLimits limits = new ModelLimits(200L << 20, 100_000_000L, ModelLimits.defaults().allowedDomains(),
                    ModelLimits.defaults().timeout(), 4096, 2, batch);
            long sandboxStart = System.nanoTime();
            new InferenceSandbox(limits).predict(model, inputs, inspection, CLASSES);
            double sandboxSeconds = (System.nanoTime() - sandboxStart) / 1e9;
            System.out.printf(Locale.ROOT, "%-20s %,9d FLOPs/row, batch %4d: %.3f s in-process (%,.0f rows/s, %.2f GFLOP/s, CSV parsing included); %.3f s in the sandbox%n",
                    name, flopsPerRow, batch, seconds, 10_000 / seconds, flopsPerRow * 10_000 / seconds / 1e9, sandboxSeconds);
        }
    }
}
