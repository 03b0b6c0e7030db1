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
 * it overstays; whatever goes wrong in it comes back as an {@link InferenceFailedException} with a reason and
 * whose fault it is: the model's, or the sandbox's own.
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

    /** The exit code of a process killed by SIGKILL: the system's out-of-memory killer, since the sandbox's own kill is the time limit. */
    private static final int KILLED = 128 + 9;

    /** All the environment a worker gets. */
    static final Map<String, String> WORKER_ENVIRONMENT = Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8");

    private final ModelLimits limits;
    private final SandboxGate gate;
    private final String classPath;

    public InferenceSandbox(ModelLimits limits) {
        this(limits, SandboxGate.unlimited());
    }

    public InferenceSandbox(ModelLimits limits, SandboxGate gate) {
        this(limits, gate, System.getProperty("java.class.path"));
    }

    /** A sandbox whose workers start on {@code classPath}; package-private so tests can break it. */
    InferenceSandbox(ModelLimits limits, SandboxGate gate, String classPath) {
        this.limits = limits;
        this.gate = gate;
        this.classPath = classPath;
    }

    /**
     * The model's class index for each row of {@code inputs} (a header and {@code featureCount} columns).
     *
     * @throws InferenceFailedException when there are no predictions: the model's fault or the sandbox's, as
     *     {@link InferenceFailedException#fault()} says
     * @throws SandboxGate.BusyException when every run slot is taken and the queue is full
     */
    public int[] predict(byte[] model, Path inputs, ModelInspection inspection, int classCount) throws InferenceFailedException {
        return run(model, inputs, inspection, classCount, 0);
    }

    /**
     * The model's fixed-point prediction ({@link io.modelmarket.protocol.FixedPoint}, {@code targetDecimals} decimals) for
     * each row of {@code inputs}, for a regression bounty's model ({@code inspection} made with a class count of 0).
     *
     * @throws InferenceFailedException as {@link #predict}; a NaN, infinite or out-of-int32 prediction is the model's fault
     */
    public int[] predictTargets(byte[] model, Path inputs, ModelInspection inspection, int targetDecimals) throws InferenceFailedException {
        if (!inspection.valueOutput()) {
            throw new IllegalArgumentException("the model was inspected for classification, not regression");
        }
        return run(model, inputs, inspection, 0, targetDecimals);
    }

    private int[] run(byte[] model, Path inputs, ModelInspection inspection, int classCount, int targetDecimals) throws InferenceFailedException {
        try (SandboxGate.Permit permit = gate.enter(); TemporaryFolder work = TemporaryFolder.create("modelmarket-inference-")) {
            Path modelFile = Files.write(work.resolve("model.onnx"), model);
            Path output = work.resolve("predictions.bin");
            Path marker = work.resolve("model-loading");
            runWorker(InferenceWorker.class.getName(), List.of(quote(marker.toString()), quote(modelFile.toString()),
                    quote(inputs.toAbsolutePath().toString()), quote(output.toString()), InferenceWorker.columnTypes(inspection.featureTypes()),
                    quote(orEmpty(inspection.numericInput())), quote(orEmpty(inspection.stringInput())),
                    String.valueOf(classCount), quote(inspection.classOutput()), reading(inspection).name().toLowerCase(java.util.Locale.ROOT),
                    String.valueOf(limits.threads()), String.valueOf(limits.batchSize()), String.valueOf(targetDecimals)), work.path(), marker);
            return readPredictions(output);
        } catch (IOException e) {
            throw InferenceFailedException.sandbox("its files could not be written or read: " + e);
        }
    }

    private static InferenceWorker.Reading reading(ModelInspection inspection) {
        return inspection.valueOutput() ? InferenceWorker.Reading.VALUE
                : inspection.classOutputIsIndex() ? InferenceWorker.Reading.INDEX : InferenceWorker.Reading.SCORES;
    }

    /**
     * Starts {@code mainClass} as a sandbox worker with {@code arguments} (already quoted for the shell) in
     * {@code work}, its output in {@code work/worker.log}, and waits for it. Whose fault a failure is follows
     * from the worker's exit code ({@link InferenceWorker}) and, where the worker could not say (a crash, a JVM
     * that never started, the time limit), from whether it wrote {@code marker} before it loaded the model.
     * Package-private so tests can start a worker that reports what it sees.
     */
    void runWorker(String mainClass, List<String> arguments, Path work, Path marker) throws IOException, InferenceFailedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                "ulimit -v " + (long) limits.memoryMiB() * 1024 + " &&",
                "ulimit -t " + cpuSecondsLimit() + " &&",
                "exec", quote(java), String.join(" ", QUIET_JVM_OPTIONS),
                "-Xmx512m", "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=128m", "-XX:+UseSerialGC",
                quote("-Djava.io.tmpdir=" + work), workerClassPath(classPath, mainClass)));
        command.addAll(arguments);
        Path log = work.resolve("worker.log");
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
                throw Files.exists(marker) ? InferenceFailedException.model("the model ran longer than the " + limits.timeout().toSeconds() + " s limit")
                        : InferenceFailedException.sandbox("its worker did not reach the model within the " + limits.timeout().toSeconds() + " s limit");
            }
        } catch (InterruptedException e) {
            worker.descendants().forEach(ProcessHandle::destroyForcibly);
            worker.destroyForcibly();
            Thread.currentThread().interrupt();
            throw InferenceFailedException.sandbox("interrupted");
        }
        int exit = worker.exitValue();
        if (exit != 0) {
            throw failure(exit, Files.exists(marker), Files.readAllLines(log));
        }
    }

    /** Why a worker that exited with {@code exit} failed, and whose fault that is; {@code loading}: it had reached the model. */
    private InferenceFailedException failure(int exit, boolean loading, List<String> log) {
        List<String> lines = log.stream().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            lines = List.of("exit code " + exit + ", nothing in its log");
        }
        String last = lines.get(lines.size() - 1);
        String memory = "the model needed more than the sandbox's " + limits.memoryMiB() + " MiB memory limit";
        return switch (exit) {
            case InferenceWorker.MODEL_FAULT -> InferenceFailedException.model(last);
            case InferenceWorker.OUT_OF_MEMORY -> InferenceFailedException.model(memory);
            case InferenceWorker.SANDBOX_FAULT -> InferenceFailedException.sandbox(last);
            case KILLED -> InferenceFailedException.sandbox("its worker was killed (SIGKILL), as the system does when it runs out of memory");
            default -> !loading
                    ? InferenceFailedException.sandbox("its worker did not start: " + String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size())))
                    : lines.stream().anyMatch(line -> line.contains("bad_alloc")) ? InferenceFailedException.model(memory)
                    : InferenceFailedException.model("ONNX Runtime crashed on the model (exit code " + exit + "): " + last);
        };
    }

    /**
     * How the worker finds its classes: the class path of this JVM, or, inside a Spring Boot executable jar
     * (one jar whose libraries sit in {@code BOOT-INF/lib}), Boot's launcher told to start the worker.
     */
    private static String workerClassPath(String thisClassPath, String mainClass) {
        String classPath = absoluteClassPath(thisClassPath);
        boolean bootJar = classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator) && isBootJar(Path.of(classPath));
        return bootJar
                ? "-Dloader.main=" + mainClass + " -cp " + quote(classPath) + " org.springframework.boot.loader.launch.PropertiesLauncher"
                : "-cp " + quote(classPath) + " " + mainClass;
    }

    /**
     * The worker's CPU time limit ({@code ulimit -t}): more than the wall-clock limit allows its threads (and the
     * JVM's own), so it never bites first while this process watches the clock; it ends a worker that outlives a
     * server killed with {@code kill -9}, which would otherwise run a looping model for ever.
     */
    long cpuSecondsLimit() {
        return limits.timeout().toSeconds() * (limits.threads() + 2L) + 30;
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

    private static String orEmpty(String name) {
        return name == null ? "" : name;
    }

    private static String quote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /**
     * The worker did not deliver predictions. The message says why: {@code failed: …} when the model is at fault
     * (ONNX Runtime refused or failed on it, it broke a limit, its output is not one class per row), {@code the
     * sandbox could not run the model: …} when the sandbox is (its worker did not start, a file, an interruption).
     */
    public static final class InferenceFailedException extends Exception {
        /** Whose fault a run without predictions is. */
        public enum Fault { MODEL, SANDBOX }

        private final Fault fault;
        private final String reason;

        private InferenceFailedException(Fault fault, String reason) {
            super((fault == Fault.MODEL ? "failed: " : "the sandbox could not run the model: ") + reason);
            this.fault = fault;
            this.reason = reason;
        }

        static InferenceFailedException model(String reason) {
            return new InferenceFailedException(Fault.MODEL, reason);
        }

        static InferenceFailedException sandbox(String reason) {
            return new InferenceFailedException(Fault.SANDBOX, reason);
        }

        public Fault fault() {
            return fault;
        }

        /** The message without its {@code failed:} or {@code the sandbox could not run the model:} opening. */
        public String reason() {
            return reason;
        }
    }
}
