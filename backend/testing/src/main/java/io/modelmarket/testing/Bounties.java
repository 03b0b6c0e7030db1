package io.modelmarket.testing;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.DatasetSplitter;
import io.modelmarket.dataset.SplitOptions;
import io.modelmarket.dataset.SplitResult;
import io.modelmarket.ipfs.BlockSink;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.UnixFsImporter;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import io.modelmarket.protocol.Scoring;
import io.modelmarket.seal.TestInputsSeal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Plays bounties on a {@link LocalChain} the way their participants do, one method per step, with
 * real files in a {@link ContentStore}: the requester splits a labelled CSV ({@link DatasetSplitter}, the split's
 * secret is the ground-truth salt), seals the test inputs under a random key ({@link TestInputsSeal}), publishes
 * the training data, the sealed test inputs and the metadata, and commits; trainers commit to a model file whose
 * CID they publish only at the reveal. Every secret made along the way stays in the returned {@link Bounty} and
 * {@link Entry} objects, so a test decides who cheats (a wrong claim, other predictions, a silent winner).
 *
 * <p>Time moves with {@link #passModelDeadline} and {@link #passWindow}: each phase lasts one window
 * ({@link #WINDOW}, the shortest the contract accepts) after the step that starts it. Disputes go to the chain's
 * DevelopmentArbitrator: anyone disputes ({@link #disputeVerification}, {@link #disputeTestInputs}) and adds evidence
 * ({@link #submitEvidence}); its owner rules ({@link #rule}).
 */
public final class Bounties {
    public static final BigInteger REWARD = LocalChain.MDC.multiply(BigInteger.valueOf(100));
    public static final BigInteger STAKE = LocalChain.MDC.multiply(BigInteger.TEN);
    public static final long WINDOW = 3600;
    public static final double TEST_FRACTION = 0.25;
    public static final Credentials REQUESTER = HardhatAccounts.account(1);
    public static final Credentials VERIFIER = HardhatAccounts.account(2);
    /** The columns of {@link #writeDataset}'s files; the label names the largest feature. */
    public static final List<String> FEATURES = List.of("x", "y", "z");

    private final LocalChain chain;
    private final ContentStore store;
    private final Path work;

    /** Plays bounties on {@code chain}, publishing to {@code store}; the requester's files go under {@code work}. */
    public Bounties(LocalChain chain, ContentStore store, Path work) {
        this.chain = chain;
        this.store = store;
        this.work = work;
    }

    /**
     * A bounty as its requester knows it: the public CIDs and metadata, and the secrets (labels, salt, key, the
     * plain test inputs) it reveals later.
     *
     * @param testInputs the plain test-inputs CSV, in test-row order (what the released key opens)
     * @param minScore the least score that can win (half the best score)
     * @param metric how the bounty scores; {@code maxError} is the mean absolute error's (0 for accuracy)
     */
    public record Bounty(Bytes32 id, Credentials requester, Credentials verifier, Cid trainingCid, Cid sealedTestInputsCid,
            Cid metadataCid, BountyMetadata metadata, Path testInputs, byte[] labels, Bytes32 salt, Bytes32 key, long modelDeadline,
            int minScore, Scoring.Metric metric, long maxError) {
        public byte[] idBytes() {
            return id.toByteArray();
        }

        public int testSize() {
            return metadata.testSize();
        }

        /** The best score a submission can get: the test size, or {@code maxError} per test row. */
        public long maxScore() {
            return Scoring.maxScore(metric, maxError, testSize());
        }
    }

    /** One trainer's submission and its secrets: the model's salt now, the predictions and their salt once committed. */
    public static final class Entry {
        public final Credentials trainer;
        public final Path model;
        public final String modelCid;
        public final Bytes32 modelSalt = Bytes32.randomSalt();
        public final Bytes32 predictionsSalt = Bytes32.randomSalt();
        private byte[] predictions;

        Entry(Credentials trainer, Path model, String modelCid) {
            this.trainer = trainer;
            this.model = model;
            this.modelCid = modelCid;
        }

        public String address() {
            return trainer.getAddress().toLowerCase(Locale.ROOT);
        }

        /** The committed predictions, one class index per byte or 4-byte fixed-point values (null before {@link Bounties#commitPredictions}). */
        public byte[] predictions() {
            return predictions == null ? null : predictions.clone();
        }
    }

    /**
     * Writes a labelled CSV of {@code rows} rows: features {@link #FEATURES} drawn from {@code seed}, and the label
     * the name of the largest feature, except that every tenth row takes the next feature's name (so that no model
     * is perfect). A model that picks the largest of three features gets about 90% right.
     */
    public static void writeDataset(Path csv, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(String.join(",", FEATURES)).append(",label\n");
        for (int row = 0; row < rows; row++) {
            float[] features = {random.nextFloat(), random.nextFloat(), random.nextFloat()};
            int largest = features[0] >= features[1] && features[0] >= features[2] ? 0 : features[1] >= features[2] ? 1 : 2;
            int label = row % 10 == 9 ? (largest + 1) % 3 : largest;
            text.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%s%n", features[0], features[1], features[2], FEATURES.get(label)));
        }
        Files.writeString(csv, text, StandardCharsets.UTF_8);
    }

    /**
     * Writes a CSV of {@code rows} rows for a regression bounty: features {@code x1} and {@code x2} drawn from {@code seed} in
     * [0, 10), and the target {@code y = 3 x1 − 2 x2} plus a little noise (normal, deviation 0.5), each with 2 decimals. A linear
     * regression gets a mean absolute error near 0.4.
     */
    public static void writeRegressionDataset(Path csv, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder("x1,x2,y\n");
        for (int row = 0; row < rows; row++) {
            double x1 = random.nextDouble() * 10;
            double x2 = random.nextDouble() * 10;
            double y = 3 * x1 - 2 * x2 + random.nextGaussian() * 0.5;
            text.append(String.format(Locale.ROOT, "%.2f,%.2f,%.2f%n", x1, x2, y));
        }
        Files.writeString(csv, text, StandardCharsets.UTF_8);
    }

    /**
     * The requester ({@link #REQUESTER}) splits {@code labelledCsv} (label column {@code label}, a quarter of the
     * rows to the test set), seals the test inputs, publishes the three files and creates the bounty (approve the
     * reward and the verifier bond of {@link #STAKE}, then createBounty with the fee bond of {@link #arbitrationCost()}
     * wei) with {@link #REWARD}, {@link #STAKE}, {@link #WINDOW} and {@link #VERIFIER}; the model deadline is two
     * windows away.
     */
    public Bounty create(Path labelledCsv) throws Exception {
        return create(labelledCsv, REQUESTER, VERIFIER);
    }

    /** {@link #create(Path)} by {@code requester}, naming {@code verifier} (a server's verifier account, say). */
    public Bounty create(Path labelledCsv, Credentials requester, Credentials verifier) throws Exception {
        return create(labelledCsv, requester, verifier, salt -> new SplitOptions("label", TEST_FRACTION, salt, false, null), Scoring.Metric.ACCURACY, 0);
    }

    /**
     * {@link #create(Path)} for a regression bounty: {@code labelledCsv}'s column {@code labelColumn} is a number, made fixed-point at
     * {@code decimals} decimals, and scored by mean absolute error with {@code maxError} (in units of the last decimal).
     */
    public Bounty createRegression(Path labelledCsv, String labelColumn, int decimals, long maxError) throws Exception {
        return create(labelledCsv, REQUESTER, VERIFIER, salt -> SplitOptions.regression(labelColumn, TEST_FRACTION, salt, decimals),
                Scoring.Metric.MEAN_ABSOLUTE_ERROR, maxError);
    }

    private Bounty create(Path labelledCsv, Credentials requester, Credentials verifier, Function<Bytes32, SplitOptions> split,
            Scoring.Metric metric, long maxError) throws Exception {
        BountyMarket market = chain.marketAs(requester);
        BigInteger nonce = market.requesterNonce(requester.getAddress()).send();
        Bytes32 id = Commitments.bountyId(BigInteger.valueOf(LocalChain.CHAIN_ID), EthAddress.fromHex(chain.marketAddress),
                EthAddress.fromHex(requester.getAddress()), nonce);
        Bytes32 salt = Bytes32.randomSalt();
        Bytes32 key = TestInputsSeal.newKey();
        Path folder = Files.createTempDirectory(work, "bounty-");
        Path training = folder.resolve("training.csv");
        Path testInputs = folder.resolve("test-inputs.csv");
        SplitOptions options = split.apply(salt);
        SplitResult result;
        try (OutputStream trainingOut = Files.newOutputStream(training); OutputStream testOut = Files.newOutputStream(testInputs)) {
            result = DatasetSplitter.split(labelledCsv, options, trainingOut, testOut);
        }
        BountyMetadata metadata = BountyMetadata.forSplit("A test bounty", null, "CC0-1.0", null, options.labelColumn(), options, result);
        Cid trainingCid = publish(Files.newInputStream(training));
        Cid sealedCid = publish(TestInputsSeal.seal(id, key, Files.newInputStream(testInputs)));
        Cid metadataCid = publish(new ByteArrayInputStream(metadata.toJson()));
        byte[] labels = result.labels();
        long modelDeadline = now() + 2 * WINDOW;
        int minScore = Math.toIntExact((Scoring.maxScore(metric, maxError, result.testRows()) + 1) / 2);

        chain.fund(requester.getAddress(), REWARD.add(STAKE));
        chain.coinAs(requester).approve(chain.marketAddress, REWARD.add(STAKE)).send(); // the reward and the verifier bond
        market.createBounty(new BountyMarket.BountyParams(trainingCid.toString(), sealedCid.toString(), metadataCid.toString(),
                Commitments.groundTruth(id, labels, salt).toByteArray(), Commitments.sealingKey(id, key).toByteArray(), REWARD, STAKE,
                BigInteger.valueOf(modelDeadline), BigInteger.valueOf(WINDOW), BigInteger.valueOf(result.testRows()),
                BigInteger.valueOf(metadata.classCount()), BigInteger.valueOf(100), BigInteger.valueOf(metric.ordinal()), BigInteger.valueOf(maxError),
                BigInteger.valueOf(minScore), verifier.getAddress(), nonce), arbitrationCost()).send(); // the fee bond
        return new Bounty(id, requester, verifier, trainingCid, sealedCid, metadataCid, metadata, testInputs, labels, salt, key,
                modelDeadline, minScore, metric, maxError);
    }

    /**
     * {@code trainer} stakes {@link #STAKE} and commits to the ONNX file {@code model}: its CID is computed, not
     * published (that happens at {@link #revealSubmission}).
     */
    public Entry commitModel(Bounty bounty, Credentials trainer, Path model) throws Exception {
        Entry entry;
        try (InputStream in = Files.newInputStream(model)) {
            entry = new Entry(trainer, model, UnixFsImporter.importStream(in, BlockSink.DISCARD).toString());
        }
        chain.fund(trainer.getAddress(), STAKE);
        chain.coinAs(trainer).approve(chain.marketAddress, STAKE).send();
        chain.marketAs(trainer).commitModel(bounty.idBytes(),
                Commitments.model(bounty.id(), EthAddress.fromHex(trainer.getAddress()), entry.modelCid, entry.modelSalt).toByteArray())
                .send();
        return entry;
    }

    /** Moves the clock to the model deadline: the bounty awaits the key. */
    public void passModelDeadline(Bounty bounty) throws IOException {
        chain.node.increaseTime(Math.max(0, bounty.modelDeadline() - now()));
    }

    /** Moves the clock one window on: the phase that the last step started is over. */
    public void passWindow() {
        chain.node.increaseTime(WINDOW);
    }

    /** The requester releases the sealing key (after {@link #passModelDeadline}): trainers may now predict. */
    public void releaseKey(Bounty bounty) throws Exception {
        chain.marketAs(bounty.requester()).releaseKey(bounty.idBytes(), bounty.key().toByteArray()).send();
    }

    /** The trainer commits to {@code predictions} (what its model makes of the released test inputs, or not). */
    public void commitPredictions(Bounty bounty, Entry entry, byte[] predictions) throws Exception {
        entry.predictions = predictions.clone();
        chain.marketAs(entry.trainer).commitPredictions(bounty.idBytes(), Commitments.predictions(bounty.id(),
                EthAddress.fromHex(entry.trainer.getAddress()), predictions, entry.predictionsSalt).toByteArray()).send();
    }

    /**
     * Plays {@code bounty} on from its committed models to Verifying: the model deadline passes, the key is
     * released, each of {@code entries} commits its {@code predictions} (same order), the labels are revealed,
     * each entry claims its true score and reveals (publishing its model), and Revealing's window ends.
     */
    public void playToVerifying(Bounty bounty, List<Entry> entries, List<byte[]> predictions) throws Exception {
        passModelDeadline(bounty);
        releaseKey(bounty);
        for (int i = 0; i < entries.size(); i++) {
            commitPredictions(bounty, entries.get(i), predictions.get(i));
        }
        passWindow();
        revealGroundTruth(bounty);
        for (Entry entry : entries) {
            claimScore(bounty, entry);
        }
        passWindow();
        for (Entry entry : entries) {
            revealSubmission(bounty, entry);
        }
        passWindow();
    }

    /** The requester reveals the labels and their salt (after Predicting's window): claims may start. */
    public void revealGroundTruth(Bounty bounty) throws Exception {
        chain.marketAs(bounty.requester()).revealGroundTruth(bounty.idBytes(), bounty.labels(), bounty.salt().toByteArray()).send();
    }

    /** The score the entry's predictions really get. */
    public static long score(Bounty bounty, Entry entry) {
        return Scoring.score(bounty.metric(), bounty.maxError(), entry.predictions, bounty.labels());
    }

    /** The trainer claims its true score. */
    public void claimScore(Bounty bounty, Entry entry) throws Exception {
        claimScore(bounty, entry, score(bounty, entry));
    }

    /** The trainer claims {@code score}, true or not. */
    public void claimScore(Bounty bounty, Entry entry, long score) throws Exception {
        chain.marketAs(entry.trainer).claimScore(bounty.idBytes(), BigInteger.valueOf(score)).send();
    }

    /**
     * The trainer publishes its model and reveals (during Revealing), with the rank hint its client reads from
     * {@code rankHint} for its claim.
     */
    public void revealSubmission(Bounty bounty, Entry entry) throws Exception {
        try (InputStream in = Files.newInputStream(entry.model)) {
            Cid published = store.addAndPin(in);
            if (!published.toString().equals(entry.modelCid)) {
                throw new IllegalStateException("the store gave " + entry.model + " the CID " + published + ", not " + entry.modelCid);
            }
        }
        BountyMarket market = chain.marketAs(entry.trainer);
        BigInteger claimed = market.getSubmission(bounty.idBytes(), entry.trainer.getAddress()).send().claimed;
        String hint = market.rankHint(bounty.idBytes(), entry.trainer.getAddress(), claimed).send();
        market.revealSubmission(bounty.idBytes(), entry.predictions, entry.predictionsSalt.toByteArray(), entry.modelCid,
                entry.modelSalt.toByteArray(), bounty.labels(), hint).send();
    }

    /**
     * The verifier (during Verifying) rejects {@code rejected}, best first, and accepts the next best candidate
     * when {@code acceptBest}; its report is a small JSON file in the store.
     */
    public void attestVerification(Bounty bounty, List<Entry> rejected, boolean acceptBest) throws Exception {
        Cid report = publish(new ByteArrayInputStream(("{\"bounty\":\"" + bounty.id().toHex() + "\",\"rejected\":"
                + rejected.size() + ",\"acceptBest\":" + acceptBest + "}").getBytes(StandardCharsets.UTF_8)));
        chain.marketAs(bounty.verifier()).attestVerification(bounty.idBytes(), rejected.stream().map(e -> e.trainer.getAddress()).toList(),
                acceptBest, report.toString()).send();
    }

    /** What a dispute costs now, in wei: the market's {@code arbitrationCost()} (also the fee bond of a bounty created now). */
    public BigInteger arbitrationCost() throws Exception {
        return chain.marketAs(HardhatAccounts.account(0)).arbitrationCost().send();
    }

    /**
     * {@code disputer} disputes the verification's proposal (during Challenging): it is funded with and approves the
     * deposit of {@link #STAKE}, and pays {@link #arbitrationCost()}; {@code evidence} is an ERC-1497 URI or empty.
     * Returns the arbitrator's dispute id.
     */
    public BigInteger disputeVerification(Bounty bounty, Credentials disputer, String evidence) throws Exception {
        approveDeposit(disputer);
        return disputeId(chain.marketAs(disputer).disputeVerification(bounty.idBytes(), evidence, arbitrationCost()).send());
    }

    /** {@code disputer} disputes the sealed test inputs (during Predicting), as {@link #disputeVerification}. */
    public BigInteger disputeTestInputs(Bounty bounty, Credentials disputer, String evidence) throws Exception {
        approveDeposit(disputer);
        return disputeId(chain.marketAs(disputer).disputeTestInputs(bounty.idBytes(), evidence, arbitrationCost()).send());
    }

    /** {@code party} adds ERC-1497 evidence to the bounty's disputes. */
    public void submitEvidence(Bounty bounty, Credentials party, String evidence) throws Exception {
        chain.marketAs(party).submitEvidence(bounty.idBytes(), evidence).send();
    }

    /** Publishes an ERC-1497 evidence file (name and description) and returns its URI, {@code /ipfs/<cid>}. */
    public String publishEvidence(String name, String description) throws IOException {
        String json = "{\"name\":\"" + name + "\",\"description\":\"" + description + "\"}";
        return "/ipfs/" + publish(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** The arbitrator's owner ({@link LocalChain#ARBITRATOR_OWNER}) rules {@code ruling} on {@code disputeId}; the market applies it. */
    public void rule(BigInteger disputeId, long ruling) throws Exception {
        chain.arbitratorAs(LocalChain.ARBITRATOR_OWNER).rule(disputeId, BigInteger.valueOf(ruling)).send();
    }

    /** Challenging's window passes undisputed and anyone records its end (Completed with the proposal, or NoWinner). */
    public void endChallenging(Bounty bounty) throws Exception {
        passWindow();
        advance(bounty);
    }

    private void approveDeposit(Credentials disputer) throws Exception {
        chain.fund(disputer.getAddress(), STAKE);
        chain.coinAs(disputer).approve(chain.marketAddress, STAKE).send();
    }

    private static BigInteger disputeId(TransactionReceipt receipt) {
        return BountyMarket.getDisputeRaisedEvents(receipt).get(0).disputeId;
    }

    /**
     * Anyone records the end a missed window decided (Refunded, RequesterSlashed, Completed after a silent verifier, or
     * the proposal's end after Challenging).
     */
    public void advance(Bounty bounty) throws Exception {
        chain.marketAs(HardhatAccounts.account(0)).advance(bounty.idBytes()).send();
    }

    /** Anyone settles the entry's submission once the bounty has ended. */
    public void settle(Bounty bounty, Entry entry) throws Exception {
        chain.marketAs(HardhatAccounts.account(0)).settleSubmission(bounty.idBytes(), entry.trainer.getAddress()).send();
    }

    /** The timestamp of the chain's latest block, in unix seconds. */
    public long now() throws IOException {
        return chain.web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValueExact();
    }

    private Cid publish(InputStream content) throws IOException {
        try (content) {
            return store.addAndPin(content);
        }
    }
}
