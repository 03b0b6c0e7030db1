package io.modelmarket.server.verify;

import io.modelmarket.contracts.RevertReasons;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelmarket.chain.TransactionSender;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Hex;
import io.modelmarket.registry.ModelRegistration;
import io.modelmarket.registry.ModelRegistry;
import io.modelmarket.server.api.Redaction;
import io.modelmarket.server.chain.ChainIndexRepository;
import io.modelmarket.server.chain.IndexerLease;
import io.modelmarket.chain.Deployment;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.ModelRejectedException;
import io.modelmarket.verify.SandboxGate;
import io.modelmarket.verify.BountyModelVerifier;
import io.modelmarket.verify.VerificationReport;
import io.modelmarket.verify.VerificationResult;
import java.io.IOException;
import java.math.BigInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.web3j.crypto.Credentials;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * Verifies the bounties that name the server's verifier account: for each indexed bounty in Verifying whose
 * candidate revealed, it re-runs the revealed model on the test inputs in the sandbox, publishes the report,
 * attests on chain, and registers a reproduced model in the registry. It works from the indexed events, so
 * it picks up where it left off after a restart. It attests at most once per reveal: only the server that
 * holds the indexer lease verifies, a sent attestation is recorded as soon as it is mined, and before
 * sending it asks the chain whether that reveal already has an attestation (mined, or still pending from
 * this account: a server killed while waiting for its receipt).
 */
@Service
@ConditionalOnExpression("'${modelmarket.chain.enabled:true}' == 'true' && '${modelmarket.verifier.private-key:}' != ''")
public class VerifierService {
    private static final Logger LOG = LoggerFactory.getLogger(VerifierService.class);

    private final ChainIndexRepository index;
    private final SandboxGate gate;
    private final ModelRegistry registry;
    private final BountyModelVerifier verifier;
    private final BountyMarket market;
    private final TransactionSender sender;
    private final String address;
    private final Web3j web3j;
    private final IndexerLease lease;
    private final AttestationLedger ledger;

    VerifierService(ChainIndexRepository index, ContentStore store, ModelRegistry registry, ModelLimits limits, SandboxGate gate, Web3j web3j,
            Deployment deployment, VerifierProperties properties, IndexerLease lease, AttestationLedger ledger) {
        this.index = index;
        this.gate = gate;
        this.web3j = web3j;
        this.lease = lease;
        this.ledger = ledger;
        this.registry = registry;
        this.verifier = new BountyModelVerifier(store, limits, gate);
        Credentials credentials = Credentials.create(properties.privateKey());
        this.address = credentials.getAddress().toLowerCase();
        // The wrapper only encodes calls; TransactionSender estimates gas, prices and signs them.
        this.market = BountyMarket.load(deployment.bountyMarket(), web3j, new ReadonlyTransactionManager(web3j, address), new DefaultGasProvider());
        this.sender = new TransactionSender(web3j, credentials, deployment.chainId(), RevertReasons.V1);
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

    /** Verifies every reveal that waits for this verifier; returns how many it attested. */
    public synchronized int verifyPending() throws Exception {
        if (!lease.acquire()) {
            return 0; // the server that holds the indexer lease verifies
        }
        int attested = 0;
        for (String bountyId : index.bountiesAwaitingVerification(address)) {
            JsonNode reveal = index.latestEvent(bountyId, "CandidateRevealed").orElseThrow();
            var candidate = new AttestationLedger.Reveal(bountyId, reveal.get("trainer").asText().toLowerCase(),
                    index.latestEventBlock(bountyId, "CandidateRevealed").orElseThrow());
            if (ledger.recorded(candidate) || attestedOnChain(candidate)) {
                continue;
            }
            // Verification is background work: it waits for a sandbox slot, outside the requests' bounded queue.
            try (SandboxGate.Permit permit = gate.enterWaiting()) {
                attest(candidate, reveal);
            }
            attested++;
        }
        return attested;
    }

    /** Whether the chain already has this verifier's attestation of the candidate, or a transaction of it still pending. */
    private boolean attestedOnChain(AttestationLedger.Reveal candidate) throws IOException {
        BigInteger mined = web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send().getTransactionCount();
        BigInteger pending = web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING).send().getTransactionCount();
        if (pending.compareTo(mined) > 0) {
            LOG.info("bounty {}: a transaction of the verifier is still pending; not attesting until it is mined", candidate.bountyId());
            return true;
        }
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(candidate.block())), DefaultBlockParameterName.LATEST,
                market.getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(BountyMarket.VERIFICATIONATTESTED_EVENT));
        filter.addSingleTopic(candidate.bountyId());
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(address), 64));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(candidate.trainer()), 64));
        EthLog logs = web3j.ethGetLogs(filter).send();
        if (logs.hasError()) {
            throw new IOException("eth_getLogs for VerificationAttested failed: " + logs.getError().getMessage());
        }
        if (!logs.getLogs().isEmpty()) {
            LOG.info("bounty {}: the chain already has this verifier's attestation of {}; not attesting again", candidate.bountyId(), candidate.trainer());
            return true;
        }
        return false;
    }

    private void attest(AttestationLedger.Reveal candidate, JsonNode reveal) throws Exception {
        String bountyId = candidate.bountyId();
        JsonNode truth = index.latestEvent(bountyId, "GroundTruthRevealed").orElseThrow();
        JsonNode created = index.latestEvent(bountyId, "BountyCreated").orElseThrow();
        BountyMetadata metadata = verifier.metadata(created.get("metadataCid").asText());
        byte[] model = verifier.model(reveal.get("modelCid").asText());
        VerificationResult result = verifier.verify(metadata, created.get("testInputsCid").asText(), model,
                Hex.decode(reveal.get("predictions").asText(), "predictions"), Hex.decode(truth.get("labels").asText(), "labels"));
        Cid report = verifier.publishReport(result);
        LOG.info("bounty {}: {}", bountyId, VerificationReport.toText(result));
        TransactionReceipt receipt = sender.send(market.getContractAddress(),
                market.attestVerification(Hex.decode(bountyId, "bounty id"), result.reproduced(), report.toString()).encodeFunctionCall(), BigInteger.ZERO);
        ledger.record(candidate, receipt.getTransactionHash(), result.reproduced(), report.toString());
        if (result.reproduced()) {
            register(bountyId, metadata, reveal.get("trainer").asText(), model, result);
        }
    }

    private void register(String bountyId, BountyMetadata metadata, String trainer, byte[] model, VerificationResult result) {
        try {
            registry.register(model, new ModelRegistration(metadata.title(), metadata.description(), trainer, bountyId,
                    metadata.features().size(), metadata.classes(), (double) result.correct() / result.rows()));
        } catch (IOException | ModelRejectedException | IllegalArgumentException e) {
            LOG.warn("bounty {}: the verified model could not be registered: {}", bountyId, e.getMessage());
        }
    }
}
