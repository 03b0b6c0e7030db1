package io.modelmarket.cli;

import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code modelmarket} command. */
@Command(
        name = "modelmarket",
        mixinStandardHelpOptions = true,
        version = "modelmarket 0.1.0",
        description = {"Requester, trainer, keeper and auditor tools for ModelMarket bounties.",
                "Keys come from --keystore FILE or $MODELMARKET_PRIVATE_KEY, never from the command line."},
        subcommands = {BountyCommands.class, DatasetCommand.class, TrainCommand.class, TrainerCommands.Commit.class, TrainerCommands.Predict.class,
                TrainerCommands.CommitPredictions.class, TrainerCommands.Claim.class, TrainerCommands.Reveal.class,
                AccountCommands.Withdraw.class, AccountCommands.Advance.class, AccountCommands.Faucet.class, AccountCommands.Balance.class,
                VerifyCommand.class, AuditCommand.class, BountyIdCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "A bounty from the terminal (protocol v2; each step in its own window):",
                "  modelmarket bounty create --data data.csv --title Demo --reward 100 \\",
                "      --stake 5 --model-deadline 1d --window 1d --min-score 70%% \\",
                "      --verifier 0x... --kit reveal.json",
                "  modelmarket train baseline --bounty 0x... --out work",
                "  modelmarket commit 0x... --model work/model.onnx --kit trainer.json",
                "  modelmarket bounty release --kit reveal.json      (after the model deadline)",
                "  modelmarket predict --kit trainer.json --model work/model.onnx",
                "  modelmarket commit-predictions --kit trainer.json",
                "  modelmarket bounty reveal --kit reveal.json       (after Predicting)",
                "  modelmarket claim --kit trainer.json",
                "  modelmarket reveal --kit trainer.json --model work/model.onnx",
                "  modelmarket verify 0x...                          (the verifier)",
                "  modelmarket advance 0x...; modelmarket withdraw; modelmarket audit 0x..."})
public final class ModelMarketCli {
    /** Tribuo logs each training run at INFO (java.util.logging); the command reports its own progress. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    public static void main(String[] args) {
        TRIBUO_LOG.setLevel(Level.WARNING);
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line: errors are one line naming what is wrong, not a stack trace nor the whole usage:
     * exit code 1 when a command fails, 2 when its arguments are wrong.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ModelMarketCli());
        commandLine.setExecutionExceptionHandler((e, line, parseResult) -> {
            line.getErr().println("error: " + message(e));
            line.getErr().flush();
            return 1;
        });
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine line = e.getCommandLine();
            line.getErr().println("error: " + e.getMessage());
            UnmatchedArgumentException.printSuggestions(e, line.getErr());
            line.getErr().println("(see: " + line.getCommandSpec().qualifiedName() + " --help)");
            line.getErr().flush();
            return line.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }

    private static String message(Throwable e) {
        if (e instanceof UncheckedIOException unchecked) {
            e = unchecked.getCause();
        }
        if (e instanceof FileSystemException fileError) {
            return FileErrors.describe(fileError);
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
