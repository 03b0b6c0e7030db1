package io.modelmarket.cli;

import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code modelmarket} command. */
@Command(
        name = "modelmarket",
        mixinStandardHelpOptions = true,
        version = "modelmarket 0.1.0",
        description = {"Requester, trainer, keeper and auditor tools for ModelMarket bounties.",
                "Keys come from --keystore FILE or $MODELMARKET_PRIVATE_KEY, never from the command line."},
        footer = {"", "A bounty from the terminal (each step in its own window):",
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
                "  modelmarket dispute 0x... --evidence report.json  (while Challenging)",
                "  modelmarket rule DISPUTE_ID RULING                (the arbitrator's owner)",
                "  modelmarket advance 0x...; modelmarket withdraw; modelmarket audit 0x..."})
public final class ModelMarketCli {
    /** The subcommands, in the order the usage lists them. */
    static final List<Class<?>> COMMANDS = List.of(BountyCommands.class, DatasetCommand.class, TrainCommand.class,
            TrainerCommands.Commit.class, TrainerCommands.Predict.class, TrainerCommands.CommitPredictions.class, TrainerCommands.Claim.class,
            TrainerCommands.Reveal.class, AccountCommands.Withdraw.class, AccountCommands.Advance.class, AccountCommands.Faucet.class,
            AccountCommands.Balance.class, VerifyCommand.class, DisputeCommands.Dispute.class, DisputeCommands.Evidence.class,
            DisputeCommands.Rule.class, AuditCommand.class, BountyIdCommand.class, CommandLine.HelpCommand.class);

    /** Tribuo logs each training run at INFO (java.util.logging); the command reports its own progress. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    public static void main(String[] args) {
        TRIBUO_LOG.setLevel(Level.WARNING);
        System.exit(commandLine(args).execute(args));
    }

    /** The command line with every command ready to run. */
    public static CommandLine commandLine() {
        return commandLine(command -> true);
    }

    /**
     * The command line for {@code args}: the commands their first two words name ({@code bounty show}, {@code help
     * bounty}) are ready to run, every other is only its name and description for the usage. Picocli reads every
     * option of each command class it is given and creates the command, running its static initializers (JSON
     * mappers, contract wrappers): done for every command, that is most of the start-up time of one.
     */
    public static CommandLine commandLine(String[] args) {
        List<String> named = Arrays.asList(args).subList(0, Math.min(2, args.length));
        return commandLine(command -> named.contains(command.name()) || Arrays.stream(command.aliases()).anyMatch(named::contains));
    }

    /**
     * The configured command line with the commands {@code ready} selects ready to run: errors are one line naming what
     * is wrong, not a stack trace nor the whole usage: exit code 1 when a command fails, 2 when its arguments are wrong.
     */
    private static CommandLine commandLine(Predicate<Command> ready) {
        CommandLine commandLine = new CommandLine(new ModelMarketCli());
        for (Class<?> commandClass : COMMANDS) {
            Command command = commandClass.getAnnotation(Command.class);
            commandLine.addSubcommand(command.name(), ready.test(command) ? commandClass : summary(command));
        }
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

    /** What the usage lists of a command that is not run. */
    private static CommandSpec summary(Command command) {
        CommandSpec spec = CommandSpec.create().name(command.name()).aliases(command.aliases());
        spec.usageMessage().header(command.header()).description(command.description()).hidden(command.hidden());
        return spec;
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
