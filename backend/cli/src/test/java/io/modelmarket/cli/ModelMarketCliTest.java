package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelMarketCliTest {
    @Test
    void buildsOnlyTheCommandTheArgumentsName() {
        CommandLine cli = ModelMarketCli.commandLine(new String[] {"bounty", "show", "0x01"});

        assertThat(command(cli, "bounty")).isInstanceOf(BountyCommands.class);
        assertThat(cli.getSubcommands().get("bounty").getSubcommands()).containsKeys("show", "list", "create");
        assertThat(command(cli, "verify")).isNull();
        assertThat(cli.getSubcommands().get("audit").getCommandSpec().options()).isEmpty();
    }

    @Test
    void buildsTheCommandHelpIsAskedFor() {
        CommandLine cli = ModelMarketCli.commandLine(new String[] {"help", "verify"});

        assertThat(command(cli, "help")).isInstanceOf(CommandLine.HelpCommand.class);
        assertThat(command(cli, "verify")).isInstanceOf(VerifyCommand.class);
        assertThat(command(cli, "bounty")).isNull();
    }

    @Test
    void theUsageListsEveryCommandAsTheFullCommandLineDoes() {
        String usage = ModelMarketCli.commandLine().getUsageMessage();

        assertThat(ModelMarketCli.commandLine(new String[] {"--help"}).getUsageMessage()).isEqualTo(usage);
        assertThat(usage).contains("bounty", "Create, release, reveal", "verify", "bounty-id", "help");
    }

    @Test
    void aCommandOnlySummarizedIsRunWhenNamed() {
        StringWriter out = new StringWriter();
        CommandLine cli = ModelMarketCli.commandLine(new String[] {"bounty-id"});
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("bounty-id", "--chain-id", "31337", "--market", "0x0e168a112a9941063fd621ed4438571927ed4203",
                "--requester", "0xe5f10098e0208f80fc969f4853777aeff0176af5", "--nonce", "0");

        assertThat(exit).isZero();
        assertThat(out.toString().trim()).isEqualTo("0xe1e9c7a9e64c518ce55e82dee86d4297740443473d576fa0ea63f7b9c1b44c5b");
    }

    @Test
    void aMisspelledCommandGetsSuggestions() {
        StringWriter err = new StringWriter();
        CommandLine cli = ModelMarketCli.commandLine(new String[] {"bounty-di"});
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("bounty-di");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument", "bounty-id", "(see: modelmarket --help)");
    }

    private static Object command(CommandLine cli, String name) {
        return cli.getSubcommands().get(name).getCommand();
    }
}
