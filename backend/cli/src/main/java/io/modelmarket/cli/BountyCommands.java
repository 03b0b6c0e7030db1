package io.modelmarket.cli;

import io.modelmarket.bounty.BountyRecord;
import io.modelmarket.bounty.ContentFetcher;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.chain.TransactionSender;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.CsvReader;
import io.modelmarket.dataset.DatasetPublisher;
import io.modelmarket.dataset.DatasetPublisher.PublishedDataset;
import io.modelmarket.dataset.SplitOptions;
import io.modelmarket.kit.Kits;
import io.modelmarket.kit.RevealKit;
import io.modelmarket.contracts.ProtocolConstants;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.protocol.FixedPoint;
import io.modelmarket.protocol.Scoring;
import io.modelmarket.seal.TestInputsSeal;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelmarket bounty ...}: the requester's commands, and reading bounties. */
@Command(name = "bounty", description = "Create, release, reveal, cancel, show, list and fetch bounties.", mixinStandardHelpOptions = true,
        subcommands = {BountyCommands.Create.class, BountyCommands.Release.class, BountyCommands.Reveal.class, BountyCommands.Cancel.class,
                BountyCommands.Show.class, BountyCommands.ListBounties.class, BountyCommands.Fetch.class})
final class BountyCommands {
    private static final String NOBODY = "0x0000000000000000000000000000000000000000";
    /** The largest score the contract keeps: every {@code maxError × testSize} must fit. */
    static final long MAX_UINT32 = 0xFFFF_FFFFL;
    /** {@code BountyMarket.MIN_RESPONSE_WINDOW} and {@code MAX_RESPONSE_WINDOW}. */
    static final Duration MIN_WINDOW = Duration.ofHours(1);
    static final String CLASSIFICATION = "classification";
    static final String REGRESSION = "regression";
    static final Duration MAX_WINDOW = Duration.ofDays(30);
    /**
     * Added to {@code --model-deadline}: the deadline is counted from the latest block when the command starts, and
     * the contract wants it at least one window after the block that creates the bounty, a few blocks later.
     */
    static final Duration MINING_ALLOWANCE = Duration.ofMinutes(1);

    private BountyCommands() {}

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Posts a bounty from a labelled CSV, with its reward.",
                    "Splits a labelled CSV into training data and test inputs, seals the test inputs with a fresh key, publishes the "
                    + "training data, the sealed test inputs and the metadata, commits to the hidden labels and to the key, and "
                    + "creates the bounty with its reward and a verifier bond of one stake escrowed, and a fee bond of the arbitration "
                    + "cost in ether (a permit and one transaction; both amounts are printed before it is sent). The chain is asked first whether "
                    + "it would take the bounty; then the reveal kit (labels, salt, key, CIDs) is written, before anything is sent: "
                    + "keep it, you need it to release the key and reveal the labels."},
            footer = {"", "Example:",
                    "  export MODELMARKET_PRIVATE_KEY=0x...",
                    "  modelmarket bounty create --data fashion.csv --title 'Fashion-MNIST' \\",
                    "      --reward 100 --stake 5 --model-deadline 2d --window 1d \\",
                    "      --min-score 70%% --verifier 0x90F7...b906 --kit reveal-kit.json",
                    "  modelmarket bounty create --data prices.csv --label-column price \\",
                    "      --task regression --decimals 2 --max-error 2.5 --title 'Prices' \\",
                    "      --reward 100 --model-deadline 2d --window 1d --min-score 70%% \\",
                    "      --verifier 0x90F7...b906"})
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

        @Option(names = "--label-column", paramLabel = "NAME", defaultValue = SplitOptions.DEFAULT_LABEL_COLUMN,
                description = "The header name of the label column (default: ${DEFAULT-VALUE}).")
        String labelColumn;

        @Option(names = "--test-fraction", defaultValue = "0.2", description = "Share of rows held out as test (default: ${DEFAULT-VALUE}).")
        double testFraction;

        @Option(names = "--no-stratify", description = "Split without keeping the class proportions (a regression split never keeps them).")
        boolean noStratify;

        @Option(names = "--classes-from-numbers", description = "Take a label column of many distinct numbers (more than 10, and more"
                + " than one in 20 rows) as classes; without it such a column is refused as a numeric target (--task regression).")
        boolean classesFromNumbers;

        @Option(names = "--categorical", paramLabel = "NAME", split = ",", description = "Feature columns that are categories whatever"
                + " they hold (zip codes, ids), comma-separated; any other column holding a cell that is not a number is categorical anyway.")
        List<String> categorical = List.of();

        @Option(names = "--task", paramLabel = "TASK", defaultValue = CLASSIFICATION,
                description = "classification (the label column holds classes) or regression (it holds a number); default: ${DEFAULT-VALUE}.")
        String task;

        @Option(names = "--decimals", paramLabel = "D", description = "Regression: the target's decimals, 0 to 9; targets and predictions are"
                + " whole multiples of its unit 10^-D (e.g. 2: a unit of 0.01).")
        Integer decimals;

        @Option(names = "--max-error", paramLabel = "E", description = "Regression: the error, in the target's unit (e.g. 2.5), at which a"
                + " test row scores nothing; each row scores E less its error, so the best score is E (in units of 10^-D) per test row.")
        String maxError;

        @Option(names = "--reward", required = true, paramLabel = "AMOUNT", converter = Amounts.Mdc.class,
                description = "Reward in MDC (e.g. 12.5, up to 18 decimals) or in wei with the suffix wei (e.g. 12500000000000000000wei).")
        BigInteger reward;

        @Option(names = "--stake", paramLabel = "AMOUNT", defaultValue = "0", converter = Amounts.Mdc.class,
                description = "Stake every trainer deposits, in MDC or wei as --reward (default: ${DEFAULT-VALUE}).")
        BigInteger stake;

        @Option(names = "--model-deadline", required = true, paramLabel = "DURATION", converter = Amounts.Seconds.class,
                description = "Models are committed until this long from now (chain time, at least 1h), e.g. 2d.")
        Duration modelDeadline;

        @Option(names = "--window", required = true, paramLabel = "DURATION", converter = Amounts.Seconds.class,
                description = "Response window of every later step, 1h to 30d, e.g. 1d.")
        Duration window;

        @Option(names = "--min-score", required = true, paramLabel = "N|P%",
                description = "Least score that can win: correct test rows (regression: a score), or a share of the best score, e.g. 70%%"
                        + " (choose it well above chance).")
        String minScore;

        @Option(names = "--max-submissions", defaultValue = "1000", description = "Submissions at most, 1 to 1000 (default: ${DEFAULT-VALUE}).")
        int maxSubmissions;

        @Option(names = "--verifier", required = true, paramLabel = "ADDRESS", converter = Addresses.Converter.class,
                description = "Account that re-runs the revealed models and proposes the winner (not the requester); its decisions can be"
                        + " disputed, and your bonds answer for them.")
        String verifier;

        @Option(names = "--kit", paramLabel = "FILE", description = "Where to write the reveal kit (default: reveal-kit-<bounty id>.json).")
        Path kitFile;

        /** The maximum error in units of the target's last decimal (regression), known once the arguments are checked. */
        private long maxErrorUnits;

        @Override
        void checkArguments() throws IOException {
            requireNoKitAt(kitFile);
            checkTask();
            List<String> header;
            try (CsvReader reader = new CsvReader(Files.newInputStream(data), data.toString())) {
                header = reader.header();
            }
            if (!header.contains(labelColumn)) {
                throw new IllegalArgumentException(data + " has no column '" + labelColumn + "'" + (labelColumn.equals(SplitOptions.DEFAULT_LABEL_COLUMN)
                        ? " (the default label column)" : "") + "; its columns are " + String.join(", ", header)
                        + ": name the label column with --label-column NAME");
            }
            for (String name : categorical) {
                if (name.equals(labelColumn)) {
                    throw new IllegalArgumentException("--categorical names '" + name + "', the label column; only feature columns are categorical");
                }
                if (!header.contains(name)) {
                    throw new IllegalArgumentException("--categorical names '" + name + "', which is not a column of " + data + "; its columns are "
                            + String.join(", ", header));
                }
            }
        }

        @Override
        int run(MarketConnection chain) throws Exception {
            Credentials credentials = keys.credentials();
            String requester = credentials.getAddress();
            checkOptions(requester);
            BigInteger escrowed = reward.add(stake); // the reward and the verifier bond
            chain.requireTokens(requester, escrowed, "the reward and the verifier bond");
            BigInteger nonce = chain.market().requesterNonce(requester).send();
            Bytes32 bountyId = Commitments.bountyId(BigInteger.valueOf(chain.chainId), EthAddress.fromHex(chain.marketAddress),
                    EthAddress.fromHex(requester), nonce);
            // The split's secret is the ground-truth salt: unknown until the reveal, then replayable by anyone.
            Bytes32 salt = Bytes32.randomSalt();
            Bytes32 sealingKey = TestInputsSeal.newKey();
            SplitOptions split = splitOptions(salt);
            PublishedDataset published = Progress.step("split, seal, publish", () -> new DatasetPublisher(storeOptions.open())
                    .publish(data, split, new DatasetPublisher.Description(title, description, license, provenance), bountyId, sealingKey));
            int testSize = published.split().testRows();
            long maxTestSize = regression() ? ProtocolConstants.MAX_REGRESSION_TEST_SIZE : ProtocolConstants.MAX_TEST_SIZE;
            if (testSize < ProtocolConstants.MIN_TEST_SIZE || testSize > maxTestSize) {
                throw new IllegalArgumentException("the test set has " + testSize + " rows; a " + (regression() ? "regression " : "") + "bounty needs "
                        + ProtocolConstants.MIN_TEST_SIZE + " to " + String.format("%,d", maxTestSize) + " (change --test-fraction or the data)");
            }
            ScoreScale scale = scoreScale(testSize);
            long leastScore = minScore(scale);

            RevealKit kit = RevealKit.create(chain.chainId, chain.marketAddress, bountyId, requester, published.split().labels(), salt,
                    sealingKey, regression() ? 0 : published.split().classes().size(), new RevealKit.Files(published.trainingCid().toString(),
                            published.testInputsCid().toString(), published.metadataCid().toString()));
            Path kitPath = kitFile != null ? kitFile : Path.of("reveal-kit-" + bountyId.toHex().substring(0, 12) + ".json");

            long now = chain.now();
            long deadline = now + modelDeadline.plus(MINING_ALLOWANCE).toSeconds();
            Permit permit = Permit.sign(chain.token(), credentials, chain.marketAddress, escrowed, now);
            BigInteger feeBond = chain.market().arbitrationCost().send();
            String create = chain.market().createBountyWithPermit(new BountyMarket.BountyParams(
                    kit.trainingCid(), kit.sealedTestInputsCid(), kit.metadataCid(), Bytes32.fromHex(kit.groundTruthCommitment()).toByteArray(),
                    Bytes32.fromHex(kit.sealingKeyCommitment()).toByteArray(), reward, stake, BigInteger.valueOf(deadline),
                    BigInteger.valueOf(window.toSeconds()), BigInteger.valueOf(testSize), BigInteger.valueOf(kit.numClasses()),
                    BigInteger.valueOf(maxSubmissions), BigInteger.valueOf(scale.metric().ordinal()), BigInteger.valueOf(scale.maxError()),
                    BigInteger.valueOf(leastScore), verifier, nonce),
                    permit.deadline(), permit.v(), permit.r(), permit.s(), feeBond).encodeFunctionCall();
            TransactionSender sender = chain.sender(credentials);
            chain.requireWouldSucceed(sender, "createBounty", chain.marketAddress, create, feeBond); // before the kit: a refusal leaves none
            Kits.write(kitPath, kit);
            out().printf("bounty %s%n", bountyId.toHex());
            out().printf("  escrows %s (reward %s + verifier bond %s) and a fee bond of %s; both bonds come back at the end unless a"
                    + " dispute overturns a decision of your verifier%n", Amounts.format(escrowed), Amounts.format(reward), Amounts.format(stake),
                    Amounts.ether(feeBond));
            out().flush();
            chain.send(sender, "createBounty with reward", chain.marketAddress, create, feeBond, out());
            out().printf("  %d training rows, %d test rows (sealed), %s, min score %d; models committed until %s%n",
                    published.split().trainingRows(), testSize, regression() ? "regression (unit " + scale.unit() + ", max error "
                            + scale.inTarget(scale.maxError()) + ")" : kit.numClasses() + " classes", leastScore, ChainTime.at(deadline));
            List<String> categories = published.split().features().stream().filter(BountyMetadata.Feature::isCategorical)
                    .map(BountyMetadata.Feature::name).toList();
            if (!categories.isEmpty()) {
                out().printf("  features: %d numeric, %d categorical (%s)%n", published.split().features().size() - categories.size(), categories.size(),
                        String.join(", ", categories));
            }
            out().printf("  %s%n", scale.leastScore(leastScore));
            out().printf("  reveal kit: %s (keep it: without it you cannot release the key nor reveal the labels, and lose the reward)%n", kitPath);
            return 0;
        }

        SplitOptions splitOptions(Bytes32 salt) {
            SplitOptions options = regression() ? SplitOptions.regression(labelColumn, testFraction, salt, decimals)
                    : new SplitOptions(labelColumn, testFraction, salt, !noStratify, null, classesFromNumbers);
            return options.withCategorical(Set.copyOf(categorical));
        }

        private boolean regression() {
            return task.equals(REGRESSION);
        }

        /** Refuses options of the other task, and a regression bounty without its decimals or maximum error. */
        private void checkTask() {
            if (!task.equals(CLASSIFICATION) && !task.equals(REGRESSION)) {
                throw new IllegalArgumentException("--task must be " + CLASSIFICATION + " or " + REGRESSION + ", got '" + task + "'");
            }
            if (!regression()) {
                if (decimals != null || maxError != null) {
                    throw new IllegalArgumentException((decimals != null ? "--decimals" : "--max-error") + " is for a regression bounty:"
                            + " add --task regression, or leave it out for classes");
                }
                return;
            }
            if (classesFromNumbers) {
                throw new IllegalArgumentException("--classes-from-numbers is for classification: a regression bounty's label column is a"
                        + " number, never a class (leave out --task regression to post the numbers as classes)");
            }
            if (decimals == null || maxError == null) {
                throw new IllegalArgumentException("--task regression needs " + (decimals == null ? "--decimals D (the target's decimals, 0 to "
                        + FixedPoint.MAX_DECIMALS + ")" : "--max-error E (the error, in the target's unit, at which a test row scores nothing)"));
            }
            if (decimals < 0 || decimals > FixedPoint.MAX_DECIMALS) {
                throw new IllegalArgumentException("--decimals must be 0 to " + FixedPoint.MAX_DECIMALS + ", got " + decimals);
            }
            maxErrorUnits = maxErrorUnits();
        }

        /** {@code --max-error} in units of {@code 10^-decimals}: a whole number of them, at least one. */
        private long maxErrorUnits() {
            String unit = BigDecimal.ONE.movePointLeft(decimals).toPlainString();
            if (!maxError.strip().matches("\\d{1,12}(\\.\\d{1,20})?")) {
                throw new IllegalArgumentException("--max-error must be a number in the target's unit, e.g. 2.5; got '" + maxError + "'");
            }
            BigDecimal units = new BigDecimal(maxError.strip()).movePointRight(decimals).stripTrailingZeros();
            if (units.scale() > 0) {
                throw new IllegalArgumentException("--max-error " + maxError.strip() + " is not a whole number of the target's unit " + unit
                        + " (--decimals " + decimals + "): write it with at most " + decimals + " decimals");
            }
            if (units.signum() == 0) {
                throw new IllegalArgumentException("--max-error " + maxError.strip() + " is below one unit of the target: it must be at least "
                        + unit + " (--decimals " + decimals + ")");
            }
            if (units.compareTo(BigDecimal.valueOf(MAX_UINT32)) > 0) {
                throw new IllegalArgumentException("--max-error " + maxError.strip() + " is " + units.toPlainString() + " units of " + unit
                        + "; a score has at most " + String.format("%,d", MAX_UINT32) + " (uint32)");
            }
            return units.longValueExact();
        }

        /** The scores of this bounty's test set of {@code testSize} rows; the best must fit a uint32. */
        private ScoreScale scoreScale(int testSize) {
            if (!regression()) {
                return ScoreScale.accuracy(testSize);
            }
            ScoreScale scale = new ScoreScale(Scoring.Metric.MEAN_ABSOLUTE_ERROR, maxErrorUnits, decimals, testSize);
            long largest = MAX_UINT32 / testSize;
            if (maxErrorUnits > largest) {
                throw new IllegalArgumentException("--max-error " + maxError.strip() + " is " + maxErrorUnits + " units; with " + testSize
                        + " test rows the best score " + maxErrorUnits + " × " + testSize + " would exceed " + String.format("%,d", MAX_UINT32)
                        + " (uint32): --max-error may be at most " + scale.inTarget(largest) + " (" + largest + " units)");
            }
            return scale;
        }

        private void checkOptions(String requester) {
            if (verifier.equalsIgnoreCase(requester)) {
                throw new IllegalArgumentException("--verifier must not be the requester " + requester + ": the verifier judges the models");
            }
            if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
                throw new IllegalArgumentException("--window must be 1h to 30d, got " + window.toSeconds() + " s");
            }
            if (modelDeadline.compareTo(MIN_WINDOW) < 0) {
                throw new IllegalArgumentException("--model-deadline must be at least 1h from now, got " + modelDeadline.toSeconds() + " s");
            }
            if (maxSubmissions < 1 || maxSubmissions > 1000) {
                throw new IllegalArgumentException("--max-submissions must be 1 to 1000, got " + maxSubmissions);
            }
        }

        /**
         * {@code --min-score} on {@code scale}: correct rows (Accuracy) or a score (mean absolute error), or a share of the best
         * score, {@code 70%}, rounded up.
         */
        private long minScore(ScoreScale scale) {
            String text = minScore.strip();
            long score;
            if (text.matches("\\d{1,3}(\\.\\d+)?%")) {
                score = new BigDecimal(text.substring(0, text.length() - 1)).multiply(BigDecimal.valueOf(scale.maxScore()))
                        .divide(BigDecimal.valueOf(100)).setScale(0, RoundingMode.CEILING).longValueExact();
            } else if (text.matches("\\d{1,10}")) {
                score = Long.parseLong(text);
            } else {
                throw new IllegalArgumentException("--min-score must be " + (scale.regression() ? "a score" : "a number of correct rows")
                        + " or a share of the best score like 70%, got '" + minScore + "'");
            }
            if (score < 1 || score > scale.maxScore()) {
                throw new IllegalArgumentException("--min-score " + minScore + " is " + (scale.regression() ? "a score of " + score : score + " correct rows")
                        + "; it must be 1 to "
                        + (scale.regression() ? "the best score " + scale.maxScore() + " (--max-error in units × " + scale.testSize() + " test rows)"
                                : "the test size " + scale.testSize()));
            }
            return score;
        }
    }

    /** A requester's step from its reveal kit: the kit is checked against itself, the market and the bounty on chain. */
    abstract static class RevealKitCommand extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Option(names = "--kit", required = true, paramLabel = "FILE", converter = FileErrors.Readable.class, description = "The reveal kit written by 'bounty create'.")
        Path kitFile;

        private RevealKit kit;

        @Override
        final void checkArguments() throws IOException {
            kit = KitFiles.read(kitFile, RevealKit.class, spec.qualifiedName());
        }

        @Override
        final int run(MarketConnection chain) throws Exception {
            kit.check(chain.chainId, chain.marketAddress);
            BountyMarket.Bounty bounty = chain.bounty(kit.id());
            if (!Bytes32.of(bounty.groundTruthCommitment).toHex().equalsIgnoreCase(kit.groundTruthCommitment())
                    || !Bytes32.of(bounty.sealingKeyCommitment).toHex().equalsIgnoreCase(kit.sealingKeyCommitment())) {
                throw new IllegalArgumentException(kitFile + " does not open the commitments of bounty " + kit.bountyId() + " on chain");
            }
            send(chain, chain.sender(keys.credentials()), kit);
            out().printf("bounty %s is now %s%n", kit.bountyId(), chain.phase(kit.id()));
            return 0;
        }

        abstract void send(MarketConnection chain, TransactionSender sender, RevealKit kit) throws Exception;
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = {"Releases the key of the sealed test inputs, from the reveal kit, after the model deadline.",
                    "Trainers then run their committed models on the test inputs and commit to the predictions."},
            footer = {"", "Example:", "  modelmarket bounty release --kit reveal-kit.json"})
    static final class Release extends RevealKitCommand {
        @Override
        void send(MarketConnection chain, TransactionSender sender, RevealKit kit) throws Exception {
            chain.requirePhase(kit.id(), "KeyRelease", "the key is released after the model deadline, within one window");
            chain.send(sender, "releaseKey", chain.marketAddress,
                    chain.market().releaseKey(kit.id().toByteArray(), kit.sealingKeyBytes().toByteArray()).encodeFunctionCall(), out());
        }
    }

    @Command(name = "reveal", mixinStandardHelpOptions = true,
            description = "Reveals the test labels of a bounty from its reveal kit, after the trainers' predictions are in.",
            footer = {"", "Example:", "  modelmarket bounty reveal --kit reveal-kit.json"})
    static final class Reveal extends RevealKitCommand {
        @Override
        void send(MarketConnection chain, TransactionSender sender, RevealKit kit) throws Exception {
            chain.requirePhase(kit.id(), "AwaitingGroundTruth", "the labels are revealed once the Predicting window has ended");
            chain.send(sender, "revealGroundTruth", chain.marketAddress, chain.market().revealGroundTruth(kit.id().toByteArray(),
                    kit.labelBytes(), kit.saltBytes().toByteArray()).encodeFunctionCall(), out());
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Cancels an Open bounty that has no submission (requester only); the reward is credited back."},
            footer = {"", "Example:", "  modelmarket bounty cancel 0x5c1e...9a"})
    static final class Cancel extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Parameters(paramLabel = "BOUNTY_ID", converter = BountyIdConverter.class)
        Bytes32 bountyId;

        @Override
        int run(MarketConnection chain) throws Exception {
            chain.bounty(bountyId);
            chain.send(chain.sender(keys.credentials()), "cancelBounty", chain.marketAddress,
                    chain.market().cancelBounty(bountyId.toByteArray()).encodeFunctionCall(), out());
            out().printf("bounty %s is now %s%n", bountyId.toHex(), chain.phase(bountyId));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows a bounty as the chain has it: parameters, phase and its deadline, data CIDs and submissions.",
            footer = {"", "Example:", "  modelmarket bounty show 0x5c1e...9a"})
    static final class Show extends MarketCommand {
        @Mixin
        StoreOptions storeOptions;

        @Parameters(paramLabel = "BOUNTY_ID", converter = BountyIdConverter.class)
        Bytes32 bountyId;

        @Override
        int run(MarketConnection chain) throws Exception {
            BountyMarket.Bounty bounty = chain.bounty(bountyId);
            List<MarketEvent> events = chain.events(bountyId);
            BountyRecord record = BountyRecord.of(bountyId, events);
            String phase = chain.phase(bountyId);
            var out = out();
            out.printf("bounty      %s%n", bountyId.toHex());
            out.printf("phase       %s%s%n", phase, phaseEnd(phase, bounty).map(end -> " until " + Instant.ofEpochSecond(end)).orElse(""));
            out.printf("requester   %s%n", bounty.requester);
            out.printf("verifier    %s%n", bounty.verifier);
            out.printf("reward      %s, stake %s, escrow %s%n", Amounts.format(bounty.reward), Amounts.format(bounty.trainerStake),
                    Amounts.format(bounty.escrow));
            if (Scoring.Metric.ofIndex(bounty.metric.intValueExact()) == Scoring.Metric.ACCURACY) {
                out.printf("test        %s rows, %s classes, min score %s (%s)%n", bounty.testSize, bounty.numClasses, bounty.minScore,
                        MarketEnums.metric(bounty.metric.intValue()));
            } else {
                showRegression(bounty, record);
            }
            out.printf("models      until %s (window %s s)%n", Instant.ofEpochSecond(bounty.modelDeadline.longValue()), bounty.responseWindow);
            out.printf("training    %s%ntest inputs %s (sealed%s)%nmetadata    %s%n", BountyRecord.display(record.text("trainingCid")),
                    BountyRecord.display(record.text("sealedTestInputsCid")), record.sealingKey() != null ? "; key released" : "",
                    BountyRecord.display(record.text("metadataCid")));
            showDecision(chain, bounty, phase, events);
            out.println("submissions");
            for (String trainer : trainers(events)) {
                BountyMarket.Submission submission = chain.market().getSubmission(bountyId.toByteArray(), trainer).send();
                out.printf("  %s  %-9s claimed %s%n", trainer, MarketEnums.submissionStatus(submission.status.intValue()), submission.claimed);
            }
            out.println("events");
            for (var event : events) {
                out.printf("  block %-6d %s%n", event.block(), event.name());
            }
            return 0;
        }

        /**
         * The verification's proposal while Challenging or Disputed (what becomes final unless disputed), the winner once
         * Completed, and each dispute with its ruling.
         */
        private void showDecision(MarketConnection chain, BountyMarket.Bounty bounty, String phase, List<MarketEvent> events) throws Exception {
            var out = out();
            out.printf("bonds       verifier bond %s, fee bond %s%n", Amounts.format(bounty.trainerStake), Amounts.ether(bounty.feeBond));
            if (phase.equals("Completed") && !bounty.winner.equals(NOBODY)) {
                out.printf("winner      %s%n", bounty.winner);
            }
            Optional<String> proposal = events.stream().filter(e -> e.name().equals("WinnerProposed")).reduce((a, b) -> b).map(e -> e.address("winner"));
            if (phase.equals("Challenging") && proposal.isEmpty()) {
                // a silent verifier: its default, the best candidate left, is proposed when the bounty leaves Verifying
                proposal = Optional.of(chain.market().rankedCandidates(bountyId.toByteArray(), BigInteger.ONE).send().component1().stream()
                        .findFirst().orElse(NOBODY).toLowerCase());
            }
            if (proposal.isPresent() && (phase.equals("Challenging") || phase.equals("Disputed") || events.stream().anyMatch(e -> e.name().equals("DisputeRaised")))) {
                out.printf("proposal    %s%s%n", proposal.get().equals(NOBODY) ? "no winner" : proposal.get(), phase.equals("Challenging")
                        ? " (final when Challenging ends unless disputed: modelmarket dispute " + bountyId.toHex() + ")" : "");
            }
            for (MarketEvent raised : events.stream().filter(e -> e.name().equals("DisputeRaised")).toList()) {
                BigInteger id = raised.number("disputeId");
                out.printf("dispute     %s (%s) by %s, fee %s, deposit %s%n", id, MarketEnums.disputeKind(raised.number("kind").intValue()),
                        raised.address("disputer"), Amounts.ether(raised.number("fee")), Amounts.format(raised.number("deposit")));
                Optional<MarketEvent> ruled = events.stream().filter(e -> e.name().equals("DisputeRuled") && e.number("disputeId").equals(id)).findFirst();
                out.printf("            %s%n", ruled.map(r -> "ruled " + r.number("ruling") + (Boolean.parseBoolean(r.text("overturned"))
                        ? ": the decision is overturned" : ": the decision stands")).orElse("awaiting the arbitrator's ruling (modelmarket rule "
                        + id + " RULING, by the arbitrator's owner)"));
            }
            long evidence = events.stream().filter(e -> e.name().equals("Evidence")).count();
            if (evidence > 0) {
                out.printf("evidence    %d item(s):%n", evidence);
                events.stream().filter(e -> e.name().equals("Evidence"))
                        .forEach(e -> out.printf("            %s from %s%n", e.text("_evidence"), e.address("_party")));
            }
        }

        /** A regression bounty's test set and scores, in the target's unit (the metadata names it). */
        private void showRegression(BountyMarket.Bounty bounty, BountyRecord record) {
            BountyMetadata metadata;
            try {
                metadata = new ContentFetcher(storeOptions.open()).metadata(record.metadataCid());
            } catch (IOException | RuntimeException e) {
                out().printf("test        %s rows, regression (%s), max error %s units, best score %s, min score %s (the metadata that names the"
                        + " unit is not available: %s)%n", bounty.testSize, MarketEnums.metric(bounty.metric.intValue()), bounty.maxError,
                        bounty.maxError.multiply(bounty.testSize), bounty.minScore, e.getMessage());
                return;
            }
            ScoreScale scale = ScoreScale.of(bounty, metadata.targetDecimals());
            out().printf("test        %s rows, regression (%s) of '%s', unit %s, max error %s, best score %d, min score %s%n", bounty.testSize,
                    MarketEnums.metric(bounty.metric.intValue()), metadata.labelColumn(), scale.unit(), scale.inTarget(scale.maxError()),
                    scale.maxScore(), bounty.minScore);
            out().printf("            %s%n", scale.leastScore(bounty.minScore.longValueExact()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the market's bounties, newest first, with the end of their phase.",
            footer = {"", "Example:", "  modelmarket bounty list --phase Open"})
    static final class ListBounties extends MarketCommand {
        @Option(names = "--phase", description = "Only bounties in this phase, e.g. Open, Predicting, Claiming, Completed.")
        String phase;

        @Option(names = "--requester", paramLabel = "ADDRESS", converter = Addresses.Converter.class, description = "Only this requester's bounties.")
        String requester;

        @Override
        int run(MarketConnection chain) throws Exception {
            if (phase != null && !MarketEnums.PHASES.contains(phase)) {
                throw new IllegalArgumentException("--phase must be one of " + MarketEnums.PHASES.subList(1, MarketEnums.PHASES.size()));
            }
            List<MarketEvent> created = chain.events(BountyMarket.BOUNTYCREATED_EVENT);
            out().printf("%-66s  %-19s  %-20s  %-42s  %s%n", "bounty", "phase", "until", "requester", "reward");
            for (int i = created.size() - 1; i >= 0; i--) {
                var event = created.get(i);
                Bytes32 bountyId = Bytes32.fromHex(event.text("bountyId"));
                String current = chain.phase(bountyId);
                if ((phase == null || phase.equals(current)) && (requester == null || requester.equalsIgnoreCase(event.text("requester")))) {
                    String until = phaseEnd(current, chain.bounty(bountyId)).map(end -> Instant.ofEpochSecond(end).toString()).orElse("-");
                    out().printf("%s  %-19s  %-20s  %s  %s%n", bountyId.toHex(), current, until, event.text("requester"),
                            Amounts.format(new BigInteger(event.fields().path("params").path("reward").asText("0"))));
                }
            }
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Downloads a bounty's training data, metadata and (once the key is released) test inputs.",
                    "Writes " + BountyFiles.TRAINING_FILE + " and " + BountyFiles.METADATA_FILE + " into --out, each checked against "
                    + "the CID the bounty was created with; after the key release also " + BountyFiles.TEST_INPUTS_FILE + ", the "
                    + "sealed file downloaded, opened with the released key and checked against the metadata."},
            footer = {"", "Example:", "  modelmarket bounty fetch 0x5c1e...9a --out work"})
    static final class Fetch extends MarketCommand {
        @Mixin
        StoreOptions storeOptions;

        @Parameters(paramLabel = "BOUNTY_ID", converter = BountyIdConverter.class)
        Bytes32 bountyId;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the files (created if missing).")
        Path out;

        @Override
        int run(MarketConnection chain) throws Exception {
            chain.bounty(bountyId);
            BountyFiles files = BountyFiles.of(bountyId, chain.events(bountyId));
            for (Path file : files.fetch(storeOptions.open(), out)) {
                out().println(file);
            }
            if (files.sealingKey() == null) {
                spec.commandLine().getErr().println("the test inputs stay sealed until the requester releases the key (after the model deadline)");
            }
            return 0;
        }
    }

    /** Every trainer that committed a model to the bounty, in the order of their first commit. */
    static List<String> trainers(List<MarketEvent> events) {
        return events.stream().filter(e -> e.name().equals("ModelCommitted")).map(e -> e.address("trainer")).distinct().toList();
    }

    /**
     * When the bounty's effective {@code phase} ends, in unix seconds: the stored deadline for the stored phases
     * (Open, Predicting, Claiming, Challenging after the verifier's proposal), one, two or three windows after it for
     * the phases the clock derives from them (docs/protocol.md, "Life cycle"); empty for Disputed (the arbitrator has
     * no clock) and the end phases.
     */
    static Optional<Long> phaseEnd(String phase, BountyMarket.Bounty bounty) {
        long stored = bounty.phaseDeadline.longValue();
        long window = bounty.responseWindow.longValue();
        boolean recorded = MarketEnums.phase(bounty.phase.intValue()).equals(phase);
        return switch (phase) {
            case "Open", "Predicting", "Claiming" -> Optional.of(stored);
            case "KeyRelease", "AwaitingGroundTruth", "Revealing" -> Optional.of(stored + window);
            case "Verifying" -> Optional.of(stored + 2 * window);
            case "Challenging" -> Optional.of(recorded ? stored : stored + 3 * window); // after a silent verifier: its default
            default -> Optional.empty();
        };
    }
}
