package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command that takes a file says what is wrong with it, in one line, before it does anything else. */
class FileErrorsTest {
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cli = ModelMarketCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void aMissingInputIsNamedAsMissing() {
        int exit = run("bounty", "create", "--data", "/nonexistent.csv", "--title", "t", "--reward", "1", "--model-deadline", "1h", "--window", "1h",
                "--min-score", "60", "--verifier", "0x" + "22".repeat(20));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no such file: /nonexistent.csv").doesNotContain("Usage:");
    }

    @Test
    void aFolderGivenAsAFileIsNamed() {
        int exit = run("commit", "0x" + "11".repeat(32), "--model", dir.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("not a file: " + dir);
    }

    @Test
    void anUnreadableFileIsNamed() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path secret = Files.createFile(dir.resolve("kit.json"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("-w-------")));
        int exit = run("claim", "--kit", secret.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("not readable: " + secret);
    }

    @Test
    void aMissingOutputFolderIsNamedWhenTheCommandRuns() throws Exception {
        Path images = Files.createFile(dir.resolve("images.idx"));
        Path labels = Files.createFile(dir.resolve("labels.idx"));
        int exit = run("dataset", "from-idx", "--images", images.toString(), "--labels", labels.toString(), "--out", "/nonexistent/rows.csv");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: no such folder: /nonexistent");
    }

    @Test
    void aFolderReadAsAFileWhileRunningIsNamed() {
        java.nio.file.FileSystemException isAFolder = new java.nio.file.FileSystemException(dir.toString(), null, "Is a directory");
        assertThat(FileErrors.describe(isAFolder)).isEqualTo("not a file: " + dir);
        assertThat(FileErrors.describe(new java.nio.file.NoSuchFileException("/nonexistent.csv"))).isEqualTo("no such file: /nonexistent.csv");
    }
}
