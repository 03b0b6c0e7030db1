package io.modelmarket.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code modelmarket} command. */
@Command(
        name = "modelmarket",
        mixinStandardHelpOptions = true,
        version = "modelmarket 0.1.0",
        description = "Requester, trainer and auditor tools for ModelMarket bounties.",
        subcommands = {BountyIdCommand.class, CommandLine.HelpCommand.class})
public final class ModelMarketCli {
    public static void main(String[] args) {
        System.exit(new CommandLine(new ModelMarketCli()).execute(args));
    }
}
