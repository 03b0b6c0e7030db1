package io.modelmarket.cli;

import io.modelmarket.chain.MarketEvent;
import io.modelmarket.chain.TransactionSender;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.dataset.DatasetPublisher.PublishedDataset;
import io.modelmarket.dataset.DatasetPublisher;
import io.modelmarket.dataset.SplitOptions;
import io.modelmarket.kit.Kits;
import io.modelmarket.kit.RevealKit;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelmarket bounty ...}: the requester's commands, and reading bounties. */
@Command(name = "bounty", description = "Create, reveal, cancel, show, list and fetch bounties.", mixinStandardHelpOptions = true,
        subcommands = {BountyCommands.Create.class, BountyCommands.Reveal.class, BountyCommands.Cancel.class, BountyCommands.Show.class,
                BountyCommands.ListBounties.class, BountyCommands.Fetch.class})
final class BountyCommands {
    private static final String NO_VERIFIER = "0x0000000000000000000000000000000000000000";

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Posts a bounty from a labelled CSV, with its reward.",
                    "Splits a labelled CSV into training data and unlabeled test inputs, publishes both and the metadata,",
                    "commits to the hidden test labels, and creates the bounty with its reward escrowed.",
                    "The reveal kit (labels and salt) is written before anything is sent: keep it, you need it to reveal."},
            footer = {"", "Example:",
                    "  MODELMARKET_PRIVATE_KEY=0x... modelmarket bounty create --data fashion.csv --title 'Fashion-MNIST' \\",
                    "      --reward 100 --stake 5 --deadline 2h --window 1h --verifier 0x90F7...b906 --kit reveal-kit.json"})
    static final class Create extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Mixin
        StoreOptions storeOptions;

        @Option(names = "--data", required = true, paramLabel = "CSV", converter = FileErrors.Readable.class, description = "Labelled dataset (CSV with a header row).")
        Path data;

        @Option(names = "--title", required = true, description = "Title shown in listings.")
        String title;

        @Option(names = "--description", description = "What the data is and what a good model does.")
        String description;

        @Option(names = "--license", description = "The data's license, e.g. CC-BY-4.0.")
        String license;

        @Option(names = "--provenance", description = "Where the data comes from.")
        String provenance;

        @Option(names = "--label-column", defaultValue = SplitOptions.DEFAULT_LABEL_COLUMN, description = "Label column (default: ${DEFAULT-VALUE}).")
        String labelColumn;

        @Option(names = "--test-fraction", defaultValue = "0.2", description = "Share of rows held out as test (default: ${DEFAULT-VALUE}).")
        double testFraction;

        @Option(names = "--no-stratify", description = "Split without keeping the class proportions.")
        boolean noStratify;

        @Option(names = "--reward", required = true, paramLabel = "AMOUNT", converter = Amounts.Mdc.class,
                description = "Reward in MDC (e.g. 12.5, up to 18 decimals) or in wei with the suffix wei (e.g. 12500000000000000000wei).")
        BigInteger reward;

        @Option(names = "--stake", paramLabel = "AMOUNT", defaultValue = "0", converter = Amounts.Mdc.class,
                description = "Stake every trainer deposits, in MDC or wei as --reward (default: ${DEFAULT-VALUE}).")
        BigInteger stake;

        @Option(names = "--deadline", required = true, paramLabel = "DURATION", converter = Amounts.Seconds.class,
                description = "Submissions close this long from now (chain time), e.g. 2h or 7d.")
        Duration deadline;

        @Option(names = "--window", paramLabel = "DURATION", defaultValue = "1d", converter = Amounts.Seconds.class,
                description = "Response window of every later step (default: ${DEFAULT-VALUE}).")
        Duration window;

        @Option(names = "--max-submissions", defaultValue = "100", description = "Live submissions at most (default: ${DEFAULT-VALUE}).")
        int maxSubmissions;

        @Option(names = "--verifier", paramLabel = "ADDRESS", description = "Account that re-runs the winning model (default: none).")
        String verifier;

        @Option(names = "--kit", paramLabel = "FILE", description = "Where to write the reveal kit (default: reveal-kit-<bounty id>.json).")
        Path kitFile;

        @Override
        int run(MarketConnection chain) throws Exception {
            Credentials credentials = keys.credentials();
            String requester = credentials.getAddress();
            if (verifier != null && !verifier.matches("0x[0-9a-fA-F]{40}")) {
                throw new IllegalArgumentException("--verifier must be an address (0x and 40 hex digits), got '" + verifier + "'");
            }
            chain.requireTokens(requester, reward, "the reward");
            // The split's secret comes from the ground-truth salt: unknown until the reveal, then replayable by anyone.
            Bytes32 salt = Bytes32.randomSalt();
            SplitOptions split = new SplitOptions(labelColumn, testFraction, salt, !noStratify, null);
            PublishedDataset published = Progress.step("split and publish", () -> new DatasetPublisher(storeOptions.open())
                    .publish(data, split, new DatasetPublisher.Description(title, description, license, provenance)));

            BountyMarket market = chain.market();
            BigInteger nonce = market.requesterNonce(requester).send();
            Bytes32 bountyId = Commitments.bountyId(BigInteger.valueOf(chain.chainId), EthAddress.fromHex(chain.marketAddress),
                    EthAddress.fromHex(requester), nonce);
            RevealKit kit = RevealKit.create(chain.chainId, chain.marketAddress, bountyId, requester, published.split().labels(),
                    salt, published.split().classes().size());
            Path kitPath = kitFile != null ? kitFile : Path.of("reveal-kit-" + bountyId.toHex().substring(0, 12) + ".json");
            Kits.write(kitPath, kit);

            long submissionDeadline = chain.now() + deadline.toSeconds();
            TransactionSender sender = chain.sender(credentials);
            out().printf("bounty %s%n", bountyId.toHex());
            chain.send(sender, "approve reward", chain.token().getContractAddress(),
                    chain.token().approve(chain.marketAddress, reward).encodeFunctionCall(), out());
            chain.send(sender, "createBounty", chain.marketAddress, market.createBounty(new BountyMarket.BountyParams(
                    published.trainingCid().toString(), published.testInputsCid().toString(), published.metadataCid().toString(),
                    Bytes32.fromHex(kit.groundTruthCommitment()).toByteArray(), reward, stake, BigInteger.valueOf(submissionDeadline),
                    BigInteger.valueOf(window.toSeconds()), BigInteger.valueOf(kit.testSize()), BigInteger.valueOf(kit.numClasses()),
                    BigInteger.valueOf(maxSubmissions), verifier != null ? verifier : NO_VERIFIER, nonce)).encodeFunctionCall(), out());
            out().printf("  %d training rows, %d test rows, %d classes; submissions close %s%n", published.split().trainingRows(),
                    kit.testSize(), kit.numClasses(), Instant.ofEpochSecond(submissionDeadline));
            out().printf("  reveal kit: %s (keep it: without it you cannot reveal the labels and lose the reward)%n", kitPath);
            return 0;
        }
    }

    @Command(name = "reveal", mixinStandardHelpOptions = true,
            description = "Reveals the test labels of a bounty from its reveal kit, after the submission deadline.",
            footer = {"", "Example:", "  modelmarket bounty reveal --kit reveal-kit.json"})
    static final class Reveal extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Option(names = "--kit", required = true, paramLabel = "FILE", converter = FileErrors.Readable.class, description = "The reveal kit written by 'bounty create'.")
        Path kitFile;

        @Override
        int run(MarketConnection chain) throws Exception {
            RevealKit kit = Kits.read(kitFile, RevealKit.class);
            kit.check(chain.chainId, chain.marketAddress);
            BountyMarket.Bounty bounty = chain.bounty(kit.id());
            if (!Bytes32.of(bounty.groundTruthCommitment).toHex().equalsIgnoreCase(kit.groundTruthCommitment())) {
                throw new IllegalArgumentException(kitFile + " does not open the commitment of bounty " + kit.bountyId() + " on chain");
            }
            chain.send(chain.sender(keys.credentials()), "revealGroundTruth", chain.marketAddress,
                    chain.market().revealGroundTruth(kit.id().toByteArray(), kit.labelBytes(), kit.saltBytes().toByteArray()).encodeFunctionCall(),
                    out());
            out().printf("bounty %s is now %s%n", kit.bountyId(), chain.phase(kit.id()));
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Cancels an Open bounty (requester only). Live submissions share the reward."},
            footer = {"", "Example:", "  modelmarket bounty cancel 0x5c1e...9a"})
    static final class Cancel extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Parameters(paramLabel = "BOUNTY_ID")
        String id;

        @Override
        int run(MarketConnection chain) throws Exception {
            Bytes32 bountyId = bountyId(id);
            chain.bounty(bountyId);
            chain.send(chain.sender(keys.credentials()), "cancelBounty", chain.marketAddress,
                    chain.market().cancelBounty(bountyId.toByteArray()).encodeFunctionCall(), out());
            out().printf("bounty %s is now %s%n", bountyId.toHex(), chain.phase(bountyId));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows a bounty as the chain has it: parameters, phase, deadlines, data CIDs and submissions.",
            footer = {"", "Example:", "  modelmarket bounty show 0x5c1e...9a"})
    static final class Show extends MarketCommand {
        @Parameters(paramLabel = "BOUNTY_ID")
        String id;

        @Override
        int run(MarketConnection chain) throws Exception {
            Bytes32 bountyId = bountyId(id);
            BountyMarket.Bounty bounty = chain.bounty(bountyId);
            List<MarketEvent> events = chain.events(bountyId);
            var created = events.stream().filter(e -> e.name().equals("BountyCreated")).findFirst().orElseThrow();
            var out = out();
            out.printf("bounty      %s%n", bountyId.toHex());
            out.printf("phase       %s%n", chain.phase(bountyId));
            out.printf("requester   %s%n", bounty.requester);
            out.printf("reward      %s, stake %s, escrow %s%n", Amounts.format(bounty.reward), Amounts.format(bounty.trainerStake),
                    Amounts.format(bounty.escrow));
            out.printf("test        %s rows, %s classes%n", bounty.testSize, bounty.numClasses);
            out.printf("deadline    %s (window %s s)%n", Instant.ofEpochSecond(bounty.submissionDeadline.longValue()), bounty.responseWindow);
            out.printf("verifier    %s%n", bounty.verifier.equals(NO_VERIFIER) ? "none" : bounty.verifier);
            out.printf("training    %s%ntest inputs %s%nmetadata    %s%n", BountyFiles.display(created.text("trainingCid")),
                    BountyFiles.display(created.text("testInputsCid")), BountyFiles.display(created.text("metadataCid")));
            if (!bounty.winner.equals(NO_VERIFIER)) {
                out.printf("winner      %s%n", bounty.winner);
            }
            out.println("submissions");
            for (String trainer : events.stream().filter(e -> e.name().equals("SubmissionCommitted")).map(e -> e.text("trainer")).distinct().toList()) {
                BountyMarket.Submission submission = chain.market().getSubmission(bountyId.toByteArray(), trainer).send();
                out.printf("  %s  %-9s claimed %s%n", trainer, MarketEnums.submissionStatus(submission.status.intValue()), submission.claimed);
            }
            out.println("events");
            for (var event : events) {
                out.printf("  block %-6d %s%n", event.block(), event.name());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the market's bounties, newest first.",
            footer = {"", "Example:", "  modelmarket bounty list --phase Open"})
    static final class ListBounties extends MarketCommand {
        @Option(names = "--phase", description = "Only bounties in this phase, e.g. Open, Claiming, Completed.")
        String phase;

        @Option(names = "--requester", paramLabel = "ADDRESS", description = "Only this requester's bounties.")
        String requester;

        @Override
        int run(MarketConnection chain) throws Exception {
            if (phase != null && !MarketEnums.PHASES.contains(phase)) {
                throw new IllegalArgumentException("--phase must be one of " + MarketEnums.PHASES.subList(1, MarketEnums.PHASES.size()));
            }
            List<MarketEvent> created = chain.events(BountyMarket.BOUNTYCREATED_EVENT);
            out().printf("%-66s  %-19s  %-42s  %s%n", "bounty", "phase", "requester", "reward");
            for (int i = created.size() - 1; i >= 0; i--) {
                var event = created.get(i);
                Bytes32 bountyId = Bytes32.fromHex(event.text("bountyId"));
                String current = chain.phase(bountyId);
                if ((phase == null || phase.equals(current)) && (requester == null || requester.equalsIgnoreCase(event.text("requester")))) {
                    out().printf("%s  %-19s  %s  %s%n", bountyId.toHex(), current, event.text("requester"), Amounts.format(event.number("reward")));
                }
            }
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Downloads a bounty's training data, metadata and test inputs.",
                    "Writes " + BountyFiles.TRAINING_FILE + ", " + BountyFiles.METADATA_FILE + " and " + BountyFiles.TEST_INPUTS_FILE
                            + " into --out, each checked against the CID the bounty was created with."},
            footer = {"", "Example:", "  modelmarket bounty fetch 0x5c1e...9a --out work"})
    static final class Fetch extends MarketCommand {
        @Mixin
        StoreOptions storeOptions;

        @Parameters(paramLabel = "BOUNTY_ID")
        String id;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the files (created if missing).")
        Path out;

        @Override
        int run(MarketConnection chain) throws Exception {
            Bytes32 bountyId = bountyId(id);
            chain.bounty(bountyId);
            BountyFiles files = BountyFiles.of(bountyId, chain.events(bountyId));
            for (Path file : files.fetch(storeOptions.open(), out)) {
                out().println(file);
            }
            return 0;
        }
    }
}
