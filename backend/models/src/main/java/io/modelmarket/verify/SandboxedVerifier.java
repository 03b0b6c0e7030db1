package io.modelmarket.verify;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Re-runs a model on a bounty's test inputs and compares its predictions with the revealed ones. The model is
 * inspected first ({@link ModelInspector}); inference runs in a separate JVM ({@link InferenceWorker}) under an
 * address-space limit, a thread count and a wall-clock limit, so a hanging, crashing or memory-hungry model
 * ends as a {@code FAILED} result with a reason and never takes the caller down.
 */
public final class SandboxedVerifier {
    private final ModelLimits limits;
    private final ModelInspector inspector;

    public SandboxedVerifier(ModelLimits limits) {
        this.limits = limits;
        this.inspector = new ModelInspector(limits);
    }

    /**
     * @param model the ONNX model's bytes
     * @param testInputs the bounty's test-inputs CSV
     * @param featureCount and {@code classCount}: from the bounty metadata
     * @param outputName the output the metadata names, or {@code null}
     * @param revealed the revealed predictions, one class index per byte
     * @param labels the revealed labels, or {@code null} when they are not known yet
     * @param threshold the share of rows that must match (1.0: every row)
     */
    public VerificationResult verify(byte[] model, Path testInputs, int featureCount, int classCount, String outputName,
            byte[] revealed, byte[] labels, double threshold) throws IOException {
        long start = System.nanoTime();
        ModelInspection inspection;
        try {
            inspection = inspector.inspect(model, featureCount, classCount, outputName);
        } catch (ModelRejectedException e) {
            return VerificationResult.failed("refused: " + e.getMessage(), null, 0);
        }
        Path work = Files.createTempDirectory("modelmarket-verify-");
        try {
            Path modelFile = Files.write(work.resolve("model.onnx"), model);
            Path predictionsFile = work.resolve("predictions.bin");
            String failure = runWorker(modelFile, testInputs, predictionsFile, inspection, classCount, work.resolve("worker.log"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (failure != null) {
                return VerificationResult.failed(failure, inspection, millis);
            }
            return compare(readPredictions(predictionsFile), revealed, labels, classCount, threshold, inspection, millis);
        } finally {
            try (var files = Files.list(work)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    /** Runs the worker; returns null on success, else the reason. */
    private String runWorker(Path model, Path inputs, Path output, ModelInspection inspection, int classCount, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(" ", List.of(
                "ulimit -v " + (long) limits.memoryMiB() * 1024 + " &&",
                "exec", quote(java), "-Xmx512m", "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=128m", "-XX:+UseSerialGC",
                "-cp", quote(System.getProperty("java.class.path")), InferenceWorker.class.getName(),
                quote(model.toString()), quote(inputs.toString()), quote(output.toString()),
                String.valueOf(inspection.featureCount()), String.valueOf(classCount), quote(inspection.classOutput()),
                inspection.classOutputIsIndex() ? "index" : "scores", String.valueOf(limits.threads()), String.valueOf(limits.batchSize())));
        Process worker = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!worker.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                worker.descendants().forEach(ProcessHandle::destroyForcibly);
                worker.destroyForcibly();
                worker.waitFor(10, TimeUnit.SECONDS);
                return "failed: the model ran longer than the " + limits.timeout().toSeconds() + " s limit";
            }
        } catch (InterruptedException e) {
            worker.destroyForcibly();
            Thread.currentThread().interrupt();
            return "failed: interrupted";
        }
        if (worker.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            String last = lines.isEmpty() ? "exit code " + worker.exitValue() : lines.get(lines.size() - 1);
            return "failed: " + last;
        }
        return null;
    }

    private static int[] readPredictions(Path file) throws IOException {
        int count = (int) (Files.size(file) / 4);
        int[] predictions = new int[count];
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
            for (int i = 0; i < count; i++) {
                predictions[i] = data.readInt();
            }
        }
        return predictions;
    }

    private static VerificationResult compare(int[] predicted, byte[] revealed, byte[] labels, int classCount, double threshold,
            ModelInspection inspection, long millis) {
        if (predicted.length != revealed.length) {
            return VerificationResult.failed("failed: the model predicted " + predicted.length + " rows; " + revealed.length
                    + " predictions were revealed", inspection, millis);
        }
        int matched = 0;
        int correct = labels == null ? -1 : 0;
        int[][] confusion = labels == null ? null : new int[classCount][classCount];
        List<Integer> mismatches = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == (revealed[i] & 0xff)) {
                matched++;
            } else if (mismatches.size() < VerificationResult.MISMATCHES_REPORTED) {
                mismatches.add(i);
            }
            if (labels != null) {
                int label = labels[i] & 0xff;
                if (predicted[i] == label) {
                    correct++;
                }
                if (predicted[i] >= 0 && predicted[i] < classCount && label < classCount) {
                    confusion[label][predicted[i]]++;
                }
            }
        }
        boolean reproduced = predicted.length > 0 && matched >= Math.ceil(threshold * predicted.length);
        return new VerificationResult(reproduced ? VerificationResult.Status.REPRODUCED : VerificationResult.Status.NOT_REPRODUCED,
                null, predicted.length, matched, List.copyOf(mismatches), correct, threshold, confusion, inspection, millis);
    }

    private static String quote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
