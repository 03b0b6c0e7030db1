package io.modelmarket.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an untrusted model's process can see of the server, and how many can run at once. */
class SandboxIsolationTest {
    /** Set by Maven's surefire configuration for this module, as a server's environment holds them. */
    private static final List<String> SECRETS = List.of("MODELMARKET_VERIFIER_KEY", "MODELMARKET_OPERATOR_TOKEN", "MODELMARKET_DB_PASSWORD");

    @TempDir
    Path folder;

    @Test
    void aWorkerSeesNoneOfTheParentsEnvironment() throws Exception {
        for (String secret : SECRETS) {
            assertThat(System.getenv(secret)).as("the test JVM holds %s (set by the build), as a server would", secret).isNotBlank();
        }
        Path report = folder.resolve("environment.txt");
        new InferenceSandbox(ModelLimits.defaults()).runWorker(EnvironmentReport.class.getName(), List.of("'" + report + "'"), folder,
                folder.resolve("model-loading"));

        List<String> environment = Files.readAllLines(report);
        assertThat(environment).contains("LANG=C.UTF-8", "PATH=/usr/bin:/bin");
        // Besides those two, only what the shell that applies the memory limit sets itself.
        assertThat(environment.stream().map(line -> line.substring(0, line.indexOf('='))))
                .allMatch(name -> List.of("LANG", "PATH", "PWD", "SHLVL", "_").contains(name));
        String seen = String.join("\n", environment);
        for (String secret : SECRETS) {
            assertThat(seen).doesNotContain(secret).doesNotContain(System.getenv(secret));
        }
    }

    @Test
    void aWorkerThatOutlivesItsParentIsEndedByItsCpuTimeLimit() {
        ModelLimits limits = ModelLimits.defaults();
        long cpuLimit = new InferenceSandbox(limits).cpuSecondsLimit();
        // Above what the wall-clock limit lets the model's threads and the JVM's use, so it never ends a watched run first.
        assertThat(cpuLimit).isGreaterThan(limits.timeout().toSeconds() * (limits.threads() + 1));
    }

    @Test
    void aRelativeClassPathIsMadeAbsoluteForTheWorkerInItsTemporaryFolder() {
        // scripts/dev starts the server as `java -jar backend/server/target/modelmarket-server-….jar`: the worker,
        // whose working directory is a temporary folder, must get the jar by its absolute path.
        String cwd = Path.of("").toAbsolutePath().toString();
        assertThat(InferenceSandbox.absoluteClassPath("backend/server/target/server.jar"))
                .isEqualTo(cwd + "/backend/server/target/server.jar");
        assertThat(InferenceSandbox.absoluteClassPath("a/classes:/abs/lib.jar:./b.jar"))
                .isEqualTo(cwd + "/a/classes:/abs/lib.jar:" + cwd + "/b.jar");
    }

    @Test
    void runsBeyondTheSlotsAndTheQueueAreRefusedWithARetryTime() throws Exception {
        SandboxGate gate = new SandboxGate(1, 1, Duration.ofSeconds(30), Duration.ofSeconds(7));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = threads.submit(() -> {
                try (SandboxGate.Permit permit = gate.enter()) {
                    running.countDown();
                    release.await();
                }
                return null;
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> queued = threads.submit(() -> {
                try (SandboxGate.Permit permit = gate.enter()) {
                    return null;
                }
            });
            while (gate.waiting() == 0) {
                Thread.sleep(10);
            }
            // One running, one waiting: a third caller is refused at once, and told when to come back.
            assertThatThrownBy(gate::enter).isInstanceOfSatisfying(SandboxGate.BusyException.class,
                    busy -> assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            queued.get(10, TimeUnit.SECONDS);
            assertThat(gate.running()).isZero();
            // A thread inside the gate enters again for free (a check that holds the gate around its parts).
            try (SandboxGate.Permit outer = gate.enter(); SandboxGate.Permit inner = gate.enter()) {
                assertThat(gate.running()).isEqualTo(1);
            }
            assertThat(gate.running()).isZero();
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void aWaitLongerThanTheLimitIsRefused() throws Exception {
        SandboxGate gate = new SandboxGate(1, 5, Duration.ofMillis(200), Duration.ofSeconds(3));
        try (SandboxGate.Permit held = gate.enter()) {
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                Future<?> waiter = thread.submit(() -> gate.enter().close());
                assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SandboxGate.BusyException.class);
            } finally {
                thread.shutdownNow();
            }
        }
    }
}
