package io.modelmarket.server.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelmarket.chain.Deployment;
import io.modelmarket.chain.TransactionSender;
import io.modelmarket.contracts.BountyMarketV2;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentCorruptedException;
import io.modelmarket.ipfs.ContentNotFoundException;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.KuboRpcClient;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Hex;
import io.modelmarket.server.registry.ModelRegistration;
import io.modelmarket.server.registry.ModelRegistry;
import io.modelmarket.seal.SealBrokenException;
import io.modelmarket.seal.TestInputsSeal;
import io.modelmarket.server.web.Redaction;
import io.modelmarket.server.chain.ChainClock;
import io.modelmarket.server.indexer.ChainIndexRepository;
import io.modelmarket.server.indexer.ChainIndexRepository.Bounty;
import io.modelmarket.server.indexer.IndexerLease;
import io.modelmarket.verify.BountyContent;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.ModelRejectedException;
import io.modelmarket.verify.SandboxGate;
import io.modelmarket.verify.SandboxedVerifier;
import io.modelmarket.verify.VerificationReport;
import io.modelmarket.verify.VerificationResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple2;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * Verifies the v2 bounties that name the server's verifier account, once Revealing has ended (the bounty's
 * phase is Verifying): it opens the sealed test inputs with the released key, runs each revealed candidate's
 * committed model (the CID of its {@code SubmissionRevealed}) in the sandbox, best first as the contract ranks
 * them, compares with the revealed predictions, and sends one batched
 * {@code attestVerification(rejected[], acceptBest, reportCid)}: the candidates whose model does not reproduce
 * (or cannot be fetched) are rejected, and the first that does is accepted and registered in the model
 * registry. It works from the index and the chain, so it picks up where it left off after a restart.
 *
 * <p>It attests at most once per batch: only the server that holds the indexer lease verifies, a sent
 * attestation is recorded as soon as it is mined ({@link AttestationLedger}), and before sending it asks the
 * chain whether the best candidate already has this verifier's attestation (mined, or a transaction of this
 * account still pending: a server killed while waiting for its receipt).
 */
@Service
@ConditionalOnExpression("'${modelmarket.chain.enabled:true}' == 'true' && '${modelmarket.verifier.private-key:}' != ''")
public class VerifierService {
    /** The most candidates one attestation judges; a longer ranking is worked through in several. */
    static final int CANDIDATES_PER_ATTESTATION = 16;

    private static final Logger LOG = LoggerFactory.getLogger(VerifierService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChainIndexRepository index;
    private final ContentStore store;
    private final SandboxGate gate;
    private final ModelRegistry registry;
    private final BountyContent files;
    private final SandboxedVerifier sandbox;
    private final BountyMarketV2 market;
    private final TransactionSender sender;
    private final String address;
    private final Web3j web3j;
    private final IndexerLease lease;
    private final AttestationLedger ledger;
    private final ChainClock clock;
    /** Bounties whose sealed test inputs do not open: the requester's fault; the verifier stays silent (logged once). */
    private final Set<String> unopenable = ConcurrentHashMap.newKeySet();

    VerifierService(ChainIndexRepository index, ContentStore store, ModelRegistry registry, ModelLimits limits, SandboxGate gate, Web3j web3j,
            Deployment deployment, VerifierProperties properties, IndexerLease lease, AttestationLedger ledger, ChainClock clock) {
        this.index = index;
        this.store = store;
        this.gate = gate;
        this.web3j = web3j;
        this.lease = lease;
        this.ledger = ledger;
        this.clock = clock;
        this.registry = registry;
        this.files = new BountyContent(store);
        this.sandbox = new SandboxedVerifier(limits, gate);
        Credentials credentials = Credentials.create(properties.privateKey());
        this.address = credentials.getAddress().toLowerCase();
        // The wrapper encodes calls and reads views; TransactionSender estimates gas, prices and signs.
        this.market = BountyMarketV2.load(deployment.bountyMarketV2(), web3j, new ReadonlyTransactionManager(web3j, address),
                new DefaultGasProvider());
        this.sender = new TransactionSender(web3j, credentials, deployment.chainId());
    }

    /** The verifier's address. */
    public String address() {
        return address;
    }

    @Scheduled(initialDelayString = "${modelmarket.chain.poll-interval:1s}", fixedDelayString = "${modelmarket.chain.poll-interval:1s}")
    void scheduledRun() {
        try {
            verifyPending();
        } catch (Exception e) {
            LOG.warn("verification round failed, retrying next time: {}", Redaction.redact(e.getMessage()));
        }
    }

    /** Verifies every bounty in Verifying that waits for this verifier; returns how many attestations it sent. */
    public synchronized int verifyPending() throws Exception {
        if (!lease.acquire()) {
            return 0; // the server that holds the indexer lease verifies
        }
        int attested = 0;
        for (String bountyId : index.bountiesVerifying(address, clock.now())) {
            if (unopenable.contains(bountyId)) {
                continue;
            }
            Tuple2<List<String>, List<BigInteger>> ranked = market.rankedCandidates(Hex.decode(bountyId, "bounty id"),
                    BigInteger.valueOf(CANDIDATES_PER_ATTESTATION)).send();
            if (ranked.component1().isEmpty()) {
                continue; // nobody left to judge (the chain has moved on; the indexer will see it)
            }
            List<Candidate> candidates = new ArrayList<>();
            for (int i = 0; i < ranked.component1().size(); i++) {
                String trainer = ranked.component1().get(i).toLowerCase();
                Optional<JsonNode> reveal = index.latestEventOf(bountyId, "SubmissionRevealed", trainer);
                if (reveal.isEmpty()) {
                    break; // the indexer has not read this reveal yet: judge the ones before it, the rest next round
                }
                candidates.add(new Candidate(trainer, ranked.component2().get(i).longValue(), reveal.get().get("modelCid").asText(),
                        Hex.decode(reveal.get().get("predictions").asText(), "predictions")));
            }
            if (candidates.isEmpty()) {
                continue;
            }
            var batch = new AttestationLedger.Batch(bountyId, candidates.get(0).trainer());
            if (ledger.recorded(batch) || attestedOnChain(batch)) {
                continue;
            }
            // Verification is background work: it waits for a sandbox slot, outside the requests' bounded queue.
            try (SandboxGate.Permit permit = gate.enterWaiting()) {
                attested += attest(batch, candidates) ? 1 : 0;
            }
        }
        return attested;
    }

    /** One revealed candidate, as the ranking and its reveal give it. */
    private record Candidate(String trainer, long score, String modelCid, byte[] predictions) {}

    /** One candidate judged: its verdict, the run's result, and the model's bytes when it was fetched. */
    private record Judgement(Candidate candidate, VerificationResult result, byte[] model) {}

    /** Whether the chain already has this verifier's attestation of the batch's best candidate, or a transaction of it still pending. */
    private boolean attestedOnChain(AttestationLedger.Batch batch) throws IOException {
        BigInteger mined = web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send().getTransactionCount();
        BigInteger pending = web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING).send().getTransactionCount();
        if (pending.compareTo(mined) > 0) {
            LOG.info("bounty {}: a transaction of the verifier is still pending; not attesting until it is mined", batch.bountyId());
            return true;
        }
        long from = index.bounty(batch.bountyId(), clock.now()).map(Bounty::createdBlock).orElse(0L);
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)), DefaultBlockParameterName.LATEST,
                market.getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(BountyMarketV2.VERIFICATIONATTESTED_EVENT));
        filter.addSingleTopic(batch.bountyId());
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(address), 64));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(batch.firstTrainer()), 64));
        EthLog logs = web3j.ethGetLogs(filter).send();
        if (logs.hasError()) {
            throw new IOException("eth_getLogs for VerificationAttested failed: " + logs.getError().getMessage());
        }
        if (!logs.getLogs().isEmpty()) {
            LOG.info("bounty {}: the chain already has this verifier's attestation of {}; not attesting again", batch.bountyId(),
                    batch.firstTrainer());
            return true;
        }
        return false;
    }

    /** Judges the candidates best first up to the first that reproduces, and attests; false when it could not judge. */
    private boolean attest(AttestationLedger.Batch batch, List<Candidate> candidates) throws Exception {
        String bountyId = batch.bountyId();
        Bounty bounty = index.bounty(bountyId, clock.now()).orElseThrow();
        byte[] labels = Hex.decode(index.latestEvent(bountyId, "GroundTruthRevealed").orElseThrow().get("labels").asText(), "labels");
        BountyMetadata metadata = files.metadata(bounty.metadataCid());
        List<Judgement> judged = new ArrayList<>();
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-verify-")) {
            Optional<Path> testInputs = openTestInputs(bounty, work);
            if (testInputs.isEmpty()) {
                return false;
            }
            for (Candidate candidate : candidates) {
                Judgement judgement = judge(candidate, metadata, testInputs.get(), labels);
                judged.add(judgement);
                if (judgement.result().reproduced()) {
                    break;
                }
            }
        }
        Judgement last = judged.get(judged.size() - 1);
        boolean acceptBest = last.result().reproduced();
        List<String> rejected = judged.stream().filter(j -> !j.result().reproduced()).map(j -> j.candidate().trainer()).toList();
        String reportCid = publishReport(bountyId, acceptBest, judged).toString();
        TransactionReceipt receipt = sender.send(market.getContractAddress(),
                market.attestVerification(Hex.decode(bountyId, "bounty id"), rejected, acceptBest, reportCid).encodeFunctionCall(), BigInteger.ZERO);
        ledger.record(batch, rejected.size(), acceptBest, receipt.getTransactionHash(), reportCid);
        LOG.info("bounty {}: rejected {}, {} (report {})", bountyId, rejected,
                acceptBest ? "accepted " + last.candidate().trainer() : "accepted nobody", reportCid);
        if (acceptBest) {
            register(bountyId, metadata, last);
        }
        return true;
    }

    /**
     * The test inputs opened with the released key, or empty when they cannot be: the sealed file is missing or
     * does not open under the key. That is the requester's doing, not a candidate's, so the verifier stays silent
     * (the best candidate then wins when Verifying ends) and says so once in the log.
     */
    private Optional<Path> openTestInputs(Bounty bounty, TemporaryFolder work) throws IOException {
        if (bounty.sealingKey() == null || bounty.sealedTestInputsCid() == null) {
            return giveUp(bounty, "no released key or no valid sealed-inputs CID is indexed");
        }
        Path sealed = work.resolve("test-inputs.sealed");
        Path opened = work.resolve("test-inputs.csv");
        try (InputStream in = store.cat(Cid.parse(bounty.sealedTestInputsCid()))) {
            Files.copy(in, sealed);
        } catch (ContentNotFoundException e) {
            return giveUp(bounty, "the sealed test inputs " + bounty.sealedTestInputsCid() + " are not in the content store");
        }
        try {
            TestInputsSeal.unseal(Bytes32.fromHex(bounty.id()), Bytes32.fromHex(bounty.sealingKey()), sealed, opened);
        } catch (SealBrokenException e) {
            return giveUp(bounty, e.getMessage());
        }
        return Optional.of(opened);
    }

    private Optional<Path> giveUp(Bounty bounty, String why) {
        unopenable.add(bounty.id());
        LOG.error("bounty {}: cannot verify, {}; the verifier stays silent (the best candidate wins when Verifying ends)", bounty.id(), why);
        return Optional.empty();
    }

    /**
     * Runs one candidate's model. A model the content store cannot give when Verifying has begun (not there, a
     * CID that does not parse, a node that answers but not with the model: Kubo looks for it and times out)
     * cannot reproduce anything: it is rejected, since revealing in time includes uploading the model. The node
     * answered for the metadata and the test inputs this very round, so the fault is the model's absence. A node
     * that does not answer at all, or serves bytes that do not match the CID, is the server's problem: the round
     * fails and is tried again.
     */
    private Judgement judge(Candidate candidate, BountyMetadata metadata, Path testInputs, byte[] labels) throws IOException {
        byte[] model;
        try {
            model = files.model(candidate.modelCid());
        } catch (KuboRpcClient.NodeUnreachableException | ContentCorruptedException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            LOG.info("the model {} of {} cannot be fetched: {}", candidate.modelCid(), candidate.trainer(), Redaction.redact(e.getMessage()));
            return new Judgement(candidate, unavailable("the model " + candidate.modelCid() + " is not available from the content store"), null);
        }
        VerificationResult result = sandbox.verify(model, testInputs, metadata.features().size(), metadata.classes().size(),
                metadata.onnx().outputName(), candidate.predictions(), labels, 1.0);
        return new Judgement(candidate, result, model);
    }

    private static VerificationResult unavailable(String why) {
        return new VerificationResult(VerificationResult.Status.FAILED, why, 0, 0, List.of(), -1, 0, null, null, 0);
    }

    /** The batch's report (docs/server.md, "v2 API"): each candidate judged, with its verdict and its run. */
    private Cid publishReport(String bountyId, boolean acceptBest, List<Judgement> judged) throws IOException {
        ObjectNode report = JSON.createObjectNode().put("bountyId", bountyId).put("verifier", address).put("acceptBest", acceptBest);
        ArrayNode entries = report.putArray("candidates");
        for (Judgement judgement : judged) {
            entries.addObject()
                    .put("trainer", judgement.candidate().trainer())
                    .put("modelCid", judgement.candidate().modelCid())
                    .put("score", judgement.candidate().score())
                    .put("verdict", judgement.result().reproduced() ? "accepted" : "rejected")
                    .set("result", JSON.readTree(VerificationReport.toJson(judgement.result())));
        }
        return store.addAndPin(new ByteArrayInputStream(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report)));
    }

    private void register(String bountyId, BountyMetadata metadata, Judgement winner) {
        VerificationResult result = winner.result();
        try {
            registry.register(winner.model(), new ModelRegistration(metadata.title(), metadata.description(), winner.candidate().trainer(),
                    bountyId, metadata.features().size(), metadata.classes(), (double) result.correct() / result.rows()));
        } catch (IOException | ModelRejectedException | IllegalArgumentException e) {
            LOG.warn("bounty {}: the verified model could not be registered: {}", bountyId, e.getMessage());
        }
    }
}
