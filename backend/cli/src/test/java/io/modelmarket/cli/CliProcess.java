package io.modelmarket.cli;

import io.modelmarket.verify.InferenceSandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code modelmarket} jar as a user would: a process per command, keys in the environment, the JVM
 * options of scripts/modelmarket.
 */
final class CliProcess {
    /** What one command did. */
    record Result(int exit, String out, String err) {
        /** The value after {@code prefix} on the first line of the output that starts with it. */
        String line(String prefix) {
            return out.lines().map(String::strip).filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> l.substring(prefix.length()).strip())
                    .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in:\n" + out + err));
        }
    }

    private final Path jar = Path.of(System.getProperty("modelmarket.cli.jar", "target/modelmarket-cli-0.1.0-SNAPSHOT.jar"));
    private final Path workingDirectory;

    CliProcess(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    Result run(Map<String, String> environment, List<String> args) throws IOException, InterruptedException {
        // The options scripts/modelmarket starts the jar with.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(InferenceSandbox.QUIET_JVM_OPTIONS);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        command.addAll(args);
        Path out = Files.createTempFile(workingDirectory, "out-", ".txt");
        Path err = Files.createTempFile(workingDirectory, "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(name -> name.startsWith("MODELMARKET_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("modelmarket " + args + " did not finish in 5 minutes");
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}
