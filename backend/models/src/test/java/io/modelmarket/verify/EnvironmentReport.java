package io.modelmarket.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** A stand-in sandbox worker for {@link SandboxIsolationTest}: writes the environment it got, one NAME=value a line. */
public final class EnvironmentReport {
    private EnvironmentReport() {}

    public static void main(String[] args) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> variable : new TreeMap<>(System.getenv()).entrySet()) {
            out.append(variable.getKey()).append('=').append(variable.getValue()).append('\n');
        }
        Files.writeString(Path.of(args[0]), out);
    }
}
