package io.modelmarket.cli;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.kit.Kits;
import io.modelmarket.kit.TrainerKit;
import io.modelmarket.protocol.Bytes32;
import java.math.BigInteger;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The trainer's steps after the labels are revealed, both driven by the trainer kit. */
final class KitCommands {
    private KitCommands() {}

    /** Reads the kit, checks it against itself and the market, and checks that the signing key is its trainer's. */
    abstract static class KitCommand extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Option(names = "--kit", required = true, paramLabel = "FILE", converter = FileErrors.Readable.class, description = "The trainer kit written by 'submit'.")
        Path kitFile;

        TrainerKit kit;
        Credentials credentials;

        @Override
        final int run(MarketConnection chain) throws Exception {
            kit = Kits.read(kitFile, TrainerKit.class);
            kit.check(chain.chainId, chain.marketAddress);
            credentials = keys.credentials();
            if (!credentials.getAddress().equalsIgnoreCase(kit.trainer())) {
                throw new IllegalArgumentException(kitFile + " belongs to trainer " + kit.trainer() + ", but the key is "
                        + credentials.getAddress() + "'s");
            }
            return runWithKit(chain, BountyFiles.of(kit.id(), chain.events(kit.id())).requireLabels());
        }

        abstract int runWithKit(MarketConnection chain, byte[] labels) throws Exception;
    }

    @Command(name = "claim", mixinStandardHelpOptions = true,
            description = {"Claims the count of correct predictions, from the trainer kit.",
                    "The count comes from the kit and the revealed labels, the ranking hint from the chain.",
                    "A claim must be exact: the candidate's count is recounted on chain."},
            footer = {"", "Example:", "  modelmarket claim --kit fm-kit.json"})
    static final class Claim extends KitCommand {
        @Option(names = "--claim", paramLabel = "N",
                description = "Claim N instead of the true count (the reveal of a wrong claim is slashed; for tests and demos).")
        Integer override;

        @Override
        int runWithKit(MarketConnection chain, byte[] labels) throws Exception {
            int correct = kit.correctAgainst(labels);
            int claimed = override != null ? override : correct;
            if (claimed != correct) {
                spec.commandLine().getErr().printf("warning: claiming %d while the kit's predictions get %d right: a reveal will be slashed%n",
                        claimed, correct);
            }
            byte[] id = kit.id().toByteArray();
            String hint = chain.market().claimHint(id, kit.trainer(), BigInteger.valueOf(claimed)).send();
            chain.send(chain.sender(credentials), "claimAccuracy " + claimed + "/" + labels.length, chain.marketAddress,
                    chain.market().claimAccuracy(id, BigInteger.valueOf(claimed), hint).encodeFunctionCall(), out());
            return 0;
        }
    }

    @Command(name = "reveal", mixinStandardHelpOptions = true,
            description = {"Reveals the candidate's predictions and model, from the trainer kit.",
                    "The contract recounts the matches, and the bounty's verifier (if any) then re-runs the model."},
            footer = {"", "Example:", "  modelmarket reveal --kit fm-kit.json"})
    static final class Reveal extends KitCommand {
        @Override
        int runWithKit(MarketConnection chain, byte[] labels) throws Exception {
            String phase = chain.phase(kit.id());
            BountyMarket.Bounty bounty = chain.bounty(kit.id());
            // Until someone records the end of Claiming, the stored phase is Claiming and the candidate is the best claim.
            String candidate = MarketEnums.phase(bounty.phase.intValue()).equals("Claiming") ? bounty.claimHead : bounty.candidate;
            if (!phase.equals("CandidateReveal") || !candidate.equalsIgnoreCase(kit.trainer())) {
                throw new IllegalStateException("bounty " + kit.bountyId() + " is " + phase + (phase.equals("CandidateReveal")
                        ? " and its candidate is " + candidate + ", not " + kit.trainer() : "; only a candidate reveals, in CandidateReveal"));
            }
            BountyFiles.cid(kit.modelCid(), "model in the trainer kit", kit.id());
            chain.send(chain.sender(credentials), "revealCandidate", chain.marketAddress, chain.market().revealCandidate(kit.id().toByteArray(),
                    kit.predictionBytes(), Bytes32.fromHex(kit.predictionsSalt()).toByteArray(), kit.modelCid(),
                    Bytes32.fromHex(kit.modelSalt()).toByteArray(), labels).encodeFunctionCall(), out());
            out().printf("bounty %s is now %s%n", kit.bountyId(), chain.phase(kit.id()));
            return 0;
        }
    }
}
