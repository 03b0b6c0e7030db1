package io.modelmarket.verify;

import io.modelmarket.files.TemporaryFolder;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an inspected model on a CSV of inputs in a separate JVM ({@link InferenceWorker}) under an
 * address-space limit ({@code ulimit -v}), a thread count and a wall-clock limit. The worker is killed when
 * it overstays; whatever goes wrong in it comes back as an {@link InferenceFailedException} with a reason.
 *
 * <p>The worker starts with an empty environment plus {@link #WORKER_ENVIRONMENT}: nothing of the parent's
 * (keys, tokens, passwords) reaches the untrusted model's process. Runs pass through a {@link SandboxGate},
 * which bounds how many happen at once.
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

    /** All the environment a worker gets. */
    static final Map<String, String> WORKER_ENVIRONMENT = Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8");

    private final ModelLimits limits;
    private final SandboxGate gate;

    public InferenceSandbox(ModelLimits limits) {
        this(limits, SandboxGate.unlimited());
    }

    public InferenceSandbox(ModelLimits limits, SandboxGate gate) {
        this.limits = limits;
        this.gate = gate;
    }

    /**
     * The model's class index for each row of {@code inputs} (a header and {@code featureCount} columns).
     *
     * @throws SandboxGate.BusyException when every run slot is taken and the queue is full
     */
    public int[] predict(byte[] model, Path inputs, ModelInspection inspection, int classCount) throws IOException, InferenceFailedException {
        try (SandboxGate.Permit permit = gate.enter(); TemporaryFolder work = TemporaryFolder.create("modelmarket-inference-")) {
            Path modelFile = Files.write(work.resolve("model.onnx"), model);
            Path output = work.resolve("predictions.bin");
            runWorker(InferenceWorker.class.getName(), List.of(quote(modelFile.toString()), quote(inputs.toAbsolutePath().toString()), quote(output.toString()),
                    String.valueOf(inspection.featureCount()), String.valueOf(classCount), quote(inspection.classOutput()),
                    inspection.classOutputIsIndex() ? "index" : "scores", String.valueOf(limits.threads()), String.valueOf(limits.batchSize())),
                    work.path(), work.resolve("worker.log"));
            return readPredictions(output);
        }
    }

    /**
     * Starts {@code mainClass} as a sandbox worker with {@code arguments} (already quoted for the shell) and
     * waits for it; the worker's temporary files go to {@code work}. Package-private so tests can start a worker
     * that reports what it sees.
     */
    void runWorker(String mainClass, List<String> arguments, Path work, Path log) throws IOException, InferenceFailedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                "ulimit -v " + (long) limits.memoryMiB() * 1024 + " &&",
                "exec", quote(java), String.join(" ", QUIET_JVM_OPTIONS),
                "-Xmx512m", "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=128m", "-XX:+UseSerialGC",
                quote("-Djava.io.tmpdir=" + work), workerClassPath(mainClass)));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(shell(), "-c", String.join(" ", command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(work.toFile());
        builder.environment().clear();
        builder.environment().putAll(WORKER_ENVIRONMENT);
        Process worker = builder.start();
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
    private static String workerClassPath(String mainClass) {
        String classPath = absoluteClassPath(System.getProperty("java.class.path"));
        boolean bootJar = classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator) && isBootJar(Path.of(classPath));
        return bootJar
                ? "-Dloader.main=" + mainClass + " -cp " + quote(classPath) + " org.springframework.boot.loader.launch.PropertiesLauncher"
                : "-cp " + quote(classPath) + " " + mainClass;
    }

    /**
     * {@code classPath} with every entry made absolute against this JVM's working directory: the worker runs in
     * a temporary folder, where a relative entry (a server started as {@code java -jar backend/server/target/…jar},
     * as scripts/dev does) would name nothing.
     */
    static String absoluteClassPath(String classPath) {
        return java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** The shell that applies the memory limit, by absolute path (the worker gets no PATH of the parent's). */
    private static String shell() {
        for (String candidate : List.of("/bin/bash", "/usr/bin/bash", "/bin/sh")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "/bin/sh";
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
