package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BountyIdCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = ModelMarketCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void printsTheIdOfTheSharedVector() {
        // First vector of test/vectors/commitments.json.
        int exit = run("bounty-id", "--chain-id", "31337",
                "--market", "0x0e168a112a9941063fd621ed4438571927ed4203",
                "--requester", "0xe5f10098e0208f80fc969f4853777aeff0176af5",
                "--nonce", "0");
        assertThat(exit).isZero();
        assertThat(out.toString().trim()).isEqualTo("0xe1e9c7a9e64c518ce55e82dee86d4297740443473d576fa0ea63f7b9c1b44c5b");
    }

    @Test
    void namesTheBadAddress() {
        int exit = run("bounty-id", "--chain-id", "1", "--market", "0x12", "--requester", "0x12", "--nonce", "0");
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("an address has 20 bytes");
    }
}
