package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * scripts/dev and the CLI give each environment variable one meaning: {@code MODELMARKET_RPC_URL} is a chain that runs
 * already. Exported for the CLI while no chain runs, it makes scripts/dev say so and how to start its own node, before
 * anything is built or started.
 */
class DevScriptEnvironmentTest {
    private static final Path ROOT = Path.of(System.getProperty("modelmarket.root", "../.."));

    @Test
    void aChainUrlWhereNothingAnswersIsExplainedBeforeAnythingStarts() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "scripts/dev").directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(name -> name.startsWith("MODELMARKET_"));
        builder.environment().put("MODELMARKET_RPC_URL", "http://127.0.0.1:" + freePort);

        Process dev = builder.start();
        String output = new String(dev.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(dev.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dev.exitValue()).as(output).isEqualTo(1);
        assertThat(output).startsWith("no chain answers at MODELMARKET_RPC_URL=http://127.0.0.1:" + freePort + ".")
                .contains("'unset MODELMARKET_RPC_URL; scripts/dev' (the CLI finds that node")
                .doesNotContain("Building", "Starting");
    }
}
