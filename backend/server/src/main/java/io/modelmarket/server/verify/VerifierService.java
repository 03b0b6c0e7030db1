package io.modelmarket.server.verify;

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
import io.modelmarket.chain.Deployment;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.ModelRejectedException;
import io.modelmarket.verify.SandboxGate;
import io.modelmarket.verify.BountyModelVerifier;
import io.modelmarket.verify.VerificationReport;
import io.modelmarket.verify.VerificationResult;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * Verifies the bounties that name the server's verifier account: for each indexed bounty in Verifying whose
 * candidate revealed, it re-runs the revealed model on the test inputs in the sandbox, publishes the report,
 * attests on chain, and registers a reproduced model in the registry. It works from the indexed events, so
 * it picks up where it left off after a restart and never attests twice for the same reveal.
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

    VerifierService(ChainIndexRepository index, ContentStore store, ModelRegistry registry, ModelLimits limits, SandboxGate gate, Web3j web3j,
            Deployment deployment, VerifierProperties properties) {
        this.index = index;
        this.gate = gate;
        this.registry = registry;
        this.verifier = new BountyModelVerifier(store, limits, gate);
        Credentials credentials = Credentials.create(properties.privateKey());
        this.address = credentials.getAddress().toLowerCase();
        // The wrapper only encodes calls; TransactionSender estimates gas, prices and signs them.
        this.market = BountyMarket.load(deployment.bountyMarket(), web3j, new ReadonlyTransactionManager(web3j, address), new DefaultGasProvider());
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

    /** Verifies every reveal that waits for this verifier; returns how many it attested. */
    public synchronized int verifyPending() throws Exception {
        int attested = 0;
        for (String bountyId : index.bountiesAwaitingVerification(address)) {
            // Verification is background work: it waits for a sandbox slot, outside the requests' bounded queue.
            try (SandboxGate.Permit permit = gate.enterWaiting()) {
                attest(bountyId);
            }
            attested++;
        }
        return attested;
    }

    private void attest(String bountyId) throws Exception {
        JsonNode reveal = index.latestEvent(bountyId, "CandidateRevealed").orElseThrow();
        JsonNode truth = index.latestEvent(bountyId, "GroundTruthRevealed").orElseThrow();
        JsonNode created = index.latestEvent(bountyId, "BountyCreated").orElseThrow();
        BountyMetadata metadata = verifier.metadata(created.get("metadataCid").asText());
        byte[] model = verifier.model(reveal.get("modelCid").asText());
        VerificationResult result = verifier.verify(metadata, created.get("testInputsCid").asText(), model,
                Hex.decode(reveal.get("predictions").asText(), "predictions"), Hex.decode(truth.get("labels").asText(), "labels"));
        Cid report = verifier.publishReport(result);
        LOG.info("bounty {}: {}", bountyId, VerificationReport.toText(result));
        sender.send(market.getContractAddress(), market.attestVerification(Hex.decode(bountyId, "bounty id"), result.reproduced(), report.toString())
                .encodeFunctionCall(), java.math.BigInteger.ZERO);
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
