package io.modelmarket.cli;

import io.modelmarket.chain.MarketEvent;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Hex;
import io.modelmarket.verify.BountyModelVerifier;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.VerificationReport;
import io.modelmarket.verify.VerificationResult;
import java.util.List;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code modelmarket verify}: the bounty's verifier re-runs the candidate's model and attests. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Re-runs the candidate's model and attests, as the bounty's verifier.",
                "As the bounty's verifier: re-runs the revealed candidate's model on the test inputs in the sandbox,",
                "publishes the verification report, and attests on chain whether the model reproduces the revealed predictions."},
        footer = {"", "Example:", "  MODELMARKET_PRIVATE_KEY=$VERIFIER_KEY modelmarket verify 0x5c1e...9a"})
final class VerifyCommand extends MarketCommand {
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
        BountyMarket.Bounty bounty = chain.bounty(bountyId);
        String phase = chain.phase(bountyId);
        if (!phase.equals("Verifying") || !bounty.verifier.equalsIgnoreCase(credentials.getAddress())) {
            throw new IllegalStateException("bounty " + bountyId.toHex() + " is " + phase + " with verifier " + bounty.verifier
                    + "; only its verifier attests, while it is Verifying (the key is " + credentials.getAddress() + "'s)");
        }
        List<MarketEvent> events = chain.events(bountyId);
        BountyFiles files = BountyFiles.of(bountyId, events);
        MarketEvent reveal = events.stream().filter(e -> e.name().equals("CandidateRevealed")).reduce((a, b) -> b).orElseThrow();
        BountyModelVerifier verifier = new BountyModelVerifier(storeOptions.open(), ModelLimits.defaults());
        BountyMetadata metadata = verifier.metadata(files.metadataCid());
        byte[] model = verifier.model(BountyFiles.cid(reveal.text("modelCid"), "candidate's model", bountyId));
        VerificationResult result = Progress.step("re-run model (sandbox)", () -> verifier.verify(metadata, files.testInputsCid(), model,
                Hex.decode(reveal.text("predictions"), "predictions"), files.requireLabels()));
        Cid report = verifier.publishReport(result);
        out().println(VerificationReport.toText(result));
        chain.send(chain.sender(credentials), "attestVerification " + result.reproduced(), chain.marketAddress,
                chain.market().attestVerification(bountyId.toByteArray(), result.reproduced(), report.toString()).encodeFunctionCall(), out());
        out().printf("  report %s%nbounty %s is now %s%n", report, bountyId.toHex(), chain.phase(bountyId));
        return 0;
    }
}
