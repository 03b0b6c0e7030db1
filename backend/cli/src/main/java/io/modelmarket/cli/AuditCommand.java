package io.modelmarket.cli;

import io.modelmarket.audit.AuditReport;
import io.modelmarket.audit.Auditor;
import io.modelmarket.audit.BountyHistory;
import io.modelmarket.audit.BountyHistoryReader;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.verify.ModelLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelmarket audit}: replays a bounty from chain events and IPFS alone. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Replays a bounty from chain and IPFS alone and checks every step.",
                "It trusts no ModelMarket server or database: it re-derives every commitment, opens the sealed test inputs with "
                + "the released key, replays the split, recounts every reveal, re-runs every revealed model in the sandbox, checks "
                + "every payout against the rules (burned stakes included), the bounty's escrow and the market's token-balance "
                + "invariant, and prints a verdict per check. Exit code 0 only when every check holds, 1 otherwise."},
        footer = {"", "Examples:",
                "  modelmarket audit 0x5c1e...9a --rpc http://127.0.0.1:8545 \\",
                "      --market 0xe7f1...0512 --ipfs http://127.0.0.1:5001",
                "  modelmarket audit 0x5c1e...9a --json > audit.json",
                "  modelmarket audit 0x5c1e...9a --html audit.html"})
final class AuditCommand extends MarketCommand {
    @Mixin
    StoreOptions storeOptions;

    @Parameters(paramLabel = "BOUNTY_ID", converter = BountyIdConverter.class)
    Bytes32 bountyId;

    @Option(names = "--json", description = "Print the report as JSON instead of text.")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a report for people: checks, timeline, leaderboard, confusion matrix.")
    Path html;

    @Override
    int run(MarketConnection chain) throws Exception {
        BountyHistoryReader reader = new BountyHistoryReader(chain.web3j, chain.chainId, chain.marketAddress, chain.fromBlock);
        chain.bounty(bountyId); // refuses, naming the market, an id it holds no bounty for
        BountyHistory history = Progress.step("read chain", () -> reader.read(bountyId));
        AuditReport report = Progress.step("replay and re-run", () -> new Auditor(storeOptions.open(), ModelLimits.defaults()).audit(history));
        out().print(json ? report.toJson() + "\n" : report.toText());
        if (html != null) {
            Files.writeString(html, report.toHtml(), StandardCharsets.UTF_8);
            spec.commandLine().getErr().println("report written to " + html);
        }
        return report.passed() ? 0 : 1;
    }
}
