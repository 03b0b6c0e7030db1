package io.modelmarket.verify;

import io.modelmarket.files.TemporaryFolder;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an inspected model on a CSV of inputs in a separate JVM ({@link InferenceWorker}) under an
 * address-space limit ({@code ulimit -v}), a thread count and a wall-clock limit. The worker is killed when
 * it overstays; whatever goes wrong in it comes back as an {@link InferenceFailedException} with a reason.
 */
public final class InferenceSandbox {
    /**
     * Options for every JVM that ModelMarket starts (the worker here, the {@code modelmarket} command in
     * scripts/modelmarket), so that no JDK warning reaches a user: protobuf-java reads arrays through
     * {@code sun.misc.Unsafe}, which JDK 24+ warns about unless allowed, and ONNX Runtime loads its native library,
     * which JDK 24+ warns about unless native access is enabled. Older JDKs do not know the first option: the
     * leading flag makes them ignore it rather than refuse to start.
     */
    public static final List<String> QUIET_JVM_OPTIONS =
            List.of("-XX:+IgnoreUnrecognizedVMOptions", "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED");

    private final ModelLimits limits;

    public InferenceSandbox(ModelLimits limits) {
        this.limits = limits;
    }

    /** The model's class index for each row of {@code inputs} (a header and {@code featureCount} columns). */
    public int[] predict(byte[] model, Path inputs, ModelInspection inspection, int classCount) throws IOException, InferenceFailedException {
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-inference-")) {
            Path modelFile = Files.write(work.resolve("model.onnx"), model);
            Path output = work.resolve("predictions.bin");
            runWorker(modelFile, inputs, output, inspection, classCount, work.resolve("worker.log"));
            return readPredictions(output);
        }
    }

    private void runWorker(Path model, Path inputs, Path output, ModelInspection inspection, int classCount, Path log)
            throws IOException, InferenceFailedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(" ", List.of(
                "ulimit -v " + (long) limits.memoryMiB() * 1024 + " &&",
                "exec", quote(java), String.join(" ", QUIET_JVM_OPTIONS),
                "-Xmx512m", "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=128m", "-XX:+UseSerialGC",
                workerClassPath(),
                quote(model.toString()), quote(inputs.toString()), quote(output.toString()),
                String.valueOf(inspection.featureCount()), String.valueOf(classCount), quote(inspection.classOutput()),
                inspection.classOutputIsIndex() ? "index" : "scores", String.valueOf(limits.threads()), String.valueOf(limits.batchSize())));
        Process worker = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!worker.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                worker.descendants().forEach(ProcessHandle::destroyForcibly);
                worker.destroyForcibly();
                worker.waitFor(10, TimeUnit.SECONDS);
                throw new InferenceFailedException("failed: the model ran longer than the " + limits.timeout().toSeconds() + " s limit");
            }
        } catch (InterruptedException e) {
            worker.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InferenceFailedException("failed: interrupted");
        }
        if (worker.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new InferenceFailedException("failed: " + (lines.isEmpty() ? "exit code " + worker.exitValue() : lines.get(lines.size() - 1)));
        }
    }

    /**
     * How the worker finds its classes: the class path of this JVM, or, inside a Spring Boot executable jar
     * (one jar whose libraries sit in {@code BOOT-INF/lib}), Boot's launcher told to start the worker.
     */
    private static String workerClassPath() {
        String classPath = System.getProperty("java.class.path");
        boolean bootJar = classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator) && isBootJar(Path.of(classPath));
        return bootJar
                ? "-Dloader.main=" + InferenceWorker.class.getName() + " -cp " + quote(classPath) + " org.springframework.boot.loader.launch.PropertiesLauncher"
                : "-cp " + quote(classPath) + " " + InferenceWorker.class.getName();
    }

    private static boolean isBootJar(Path jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            return file.getEntry("BOOT-INF/lib/") != null || file.getEntry("BOOT-INF/classes/") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static int[] readPredictions(Path file) throws IOException {
        int[] predictions = new int[(int) (Files.size(file) / Integer.BYTES)];
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(new BufferedInputStream(in))) {
            for (int i = 0; i < predictions.length; i++) {
                predictions[i] = data.readInt();
            }
        }
        return predictions;
    }

    private static String quote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /** The worker did not deliver predictions; the message says why. */
    public static final class InferenceFailedException extends Exception {
        InferenceFailedException(String reason) {
            super(reason);
        }
    }
}
