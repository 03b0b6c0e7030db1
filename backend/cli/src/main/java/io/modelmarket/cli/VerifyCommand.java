package io.modelmarket.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelmarket.bounty.BountyRecord;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.contracts.BountyMarketV2;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Hex;
import io.modelmarket.verify.BountyContent;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.SandboxedVerifier;
import io.modelmarket.verify.VerificationReport;
import io.modelmarket.verify.VerificationResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code modelmarket verify}: the bounty's verifier re-runs the revealed models, best first, and attests in one transaction. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Re-runs the revealed candidates' models, best first, and attests, as the bounty's verifier.",
                "While Verifying: opens the test inputs with the released key, re-runs each candidate's revealed model in the "
                + "sandbox until one reproduces its revealed predictions, publishes one report on every model it ran, and sends "
                + "attestVerification(rejected, acceptBest, report): the models that did not reproduce are rejected (their "
                + "stakes burned), the first that does is accepted and wins. If none does, the bounty ends without winner."},
        footer = {"", "Example:", "  MODELMARKET_PRIVATE_KEY=$VERIFIER_KEY modelmarket verify 0x5c1e...9a"})
final class VerifyCommand extends MarketCommand {
    /** {@code BountyMarketV2.MAX_SUBMISSIONS}: no bounty has more candidates. */
    private static final BigInteger ALL_CANDIDATES = BigInteger.valueOf(1000);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    KeyOptions keys;

    @Mixin
    StoreOptions storeOptions;

    @Parameters(paramLabel = "BOUNTY_ID")
    String id;

    @Override
    int run(MarketConnection chain) throws Exception {
        Bytes32 bountyId = bountyId(id);
        Credentials credentials = keys.credentials();
        BountyMarketV2.Bounty bounty = chain.bounty(bountyId);
        if (!bounty.verifier.equalsIgnoreCase(credentials.getAddress())) {
            throw new IllegalStateException("only the bounty's verifier " + bounty.verifier + " attests; the key is " + credentials.getAddress() + "'s");
        }
        chain.requirePhase(bountyId, "Verifying", "the verifier attests in the window after Revealing");
        List<MarketEvent> events = chain.events(bountyId);
        BountyFiles files = BountyFiles.of(bountyId, events);
        ContentStore store = storeOptions.open();
        BountyContent models = new BountyContent(store);
        BountyMetadata metadata = files.metadata(store);
        List<String> candidates = chain.market().rankedCandidates(bountyId.toByteArray(), ALL_CANDIDATES).send().component1();

        List<String> rejected = new ArrayList<>();
        String accepted = null;
        ObjectNode report = JSON.createObjectNode().put("bountyId", bountyId.toHex()).put("verifier", credentials.getAddress().toLowerCase());
        ArrayNode runs = report.putArray("candidates");
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-verify-")) {
            Path inputs = Progress.step("open test inputs", () -> files.openTestInputs(store, metadata, work.resolve(BountyFiles.TEST_INPUTS_FILE)));
            for (String candidate : candidates) {
                MarketEvent reveal = events.stream().filter(e -> e.name().equals("SubmissionRevealed") && e.address("trainer").equalsIgnoreCase(candidate))
                        .findFirst().orElseThrow(() -> new IllegalStateException("no SubmissionRevealed event of candidate " + candidate));
                ObjectNode run = runs.addObject().put("trainer", candidate.toLowerCase()).put("modelCid", reveal.text("modelCid"));
                byte[] model;
                try {
                    model = models.model(BountyRecord.parseCid(reveal.text("modelCid"), "candidate's model", bountyId).toString());
                } catch (IOException | IllegalArgumentException e) {
                    // The trainer uploads its model when it reveals: one nobody can read reproduces nothing.
                    String failure = "the model cannot be read: " + e.getMessage();
                    out().printf("candidate %s%n  %s%n", candidate, failure);
                    run.put("failure", failure);
                    rejected.add(candidate);
                    continue;
                }
                VerificationResult result = Progress.step("re-run " + candidate.substring(0, 10), () -> new SandboxedVerifier(ModelLimits.defaults())
                        .verify(model, inputs, metadata.features().size(), metadata.classes().size(), metadata.onnx().outputName(),
                                Hex.decode(reveal.text("predictions"), "predictions"), files.requireLabels(), 1.0));
                out().printf("candidate %s%n%s%n", candidate, VerificationReport.toText(result).indent(2).stripTrailing());
                run.set("result", JSON.readTree(VerificationReport.toJson(result)));
                if (result.reproduced()) {
                    accepted = candidate;
                    break;
                }
                rejected.add(candidate);
            }
        }
        Cid reportCid = store.addAndPin(new ByteArrayInputStream(JSON.writeValueAsString(report).getBytes(StandardCharsets.UTF_8)));
        chain.send(chain.sender(credentials), "attestVerification " + rejected.size() + " rejected" + (accepted != null ? ", 1 accepted" : ""),
                chain.marketAddress, chain.market().attestVerification(bountyId.toByteArray(), rejected, accepted != null, reportCid.toString())
                        .encodeFunctionCall(), out());
        out().printf("  report %s%nbounty %s is now %s%n", reportCid, bountyId.toHex(), chain.phase(bountyId));
        return 0;
    }
}
