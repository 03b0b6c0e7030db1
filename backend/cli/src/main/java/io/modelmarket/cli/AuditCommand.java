package io.modelmarket.cli;

import io.modelmarket.audit.AuditReport;
import io.modelmarket.audit.Auditor;
import io.modelmarket.audit.AuditorV2;
import io.modelmarket.audit.BountyHistory;
import io.modelmarket.audit.BountyHistoryReader;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.contracts.BountyMarketV2;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.verify.ModelLimits;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelmarket audit}: replays a bounty from chain events and IPFS alone. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Replays a bounty from chain and IPFS alone and checks every step.",
                "It trusts no ModelMarket server or database: it",
                "re-derives every commitment, opens the sealed test inputs with the released key, replays the split, recounts",
                "every reveal, re-runs every revealed model in the sandbox, checks every payout against the rules (burned",
                "stakes included), the bounty's escrow and the market's token-balance invariant, and prints a verdict per",
                "check. Exit code 0 only when every check holds, 1 otherwise. A bounty of a v1 market gets v1's checks."},
        footer = {"", "Examples:",
                "  modelmarket audit 0x5c1e...9a --rpc http://127.0.0.1:8545 --market 0xe7f1...0512 --ipfs http://127.0.0.1:5001",
                "  modelmarket audit 0x5c1e...9a --json > audit.json",
                "  modelmarket audit 0x5c1e...9a --html audit.html"})
final class AuditCommand extends MarketCommand {
    @Mixin
    StoreOptions storeOptions;

    @Parameters(paramLabel = "BOUNTY_ID")
    String id;

    @Option(names = "--json", description = "Print the report as JSON instead of text.")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a report for people: checks, timeline, leaderboard, confusion matrix.")
    Path html;

    @Override
    int run(MarketConnection chain) throws Exception {
        Bytes32 bounty = bountyId(id);
        BountyHistoryReader reader = new BountyHistoryReader(chain.web3j, chain.chainId, chain.marketAddress, chain.fromBlock);
        boolean v2 = reader.holds(bounty);
        BountyHistory history = Progress.step("read chain", () -> v2 ? reader.read(bounty) : read(chain, bounty));
        AuditReport report = Progress.step("replay and re-run", () -> v2
                ? new AuditorV2(storeOptions.open(), ModelLimits.defaults()).audit(history)
                : new Auditor(storeOptions.open(), ModelLimits.defaults()).audit(history));
        out().print(json ? report.toJson() + "\n" : report.toText());
        if (html != null) {
            Files.writeString(html, report.toHtml(), StandardCharsets.UTF_8);
            spec.commandLine().getErr().println("report written to " + html);
        }
        return report.passed() ? 0 : 1;
    }

    /**
     * A v1 bounty's events with their block times, its escrow, and the market's money, all from the chain: v1's
     * reading, which goes with v1 ({@link BountyHistoryReader} reads v2 bounties).
     */
    static BountyHistory read(MarketConnection chain, Bytes32 bountyId) throws Exception {
        BountyMarketV2.Bounty bounty = chain.bounty(bountyId);
        List<MarketEvent> events = chain.events(bountyId);
        Map<Long, Long> blockTimes = new HashMap<>();
        for (MarketEvent event : events) {
            blockTimes.put(event.block(), chain.blockTime(event.block()));
        }
        return new BountyHistory(chain.chainId, chain.marketAddress.toLowerCase(), bountyId.toHex(), events, blockTimes, bounty.escrow,
                money(chain));
    }

    private static BountyHistory.MarketMoney money(MarketConnection chain) throws Exception {
        BountyMarketV2 market = chain.market();
        BigInteger escrow = BigInteger.ZERO;
        List<MarketEvent> bounties = chain.events(BountyMarketV2.BOUNTYCREATED_EVENT);
        for (MarketEvent created : bounties) {
            escrow = escrow.add(market.getBounty(Bytes32.fromHex(created.text("bountyId")).toByteArray()).send().escrow);
        }
        Set<String> accounts = new TreeSet<>();
        for (MarketEvent credited : chain.events(BountyMarketV2.CREDITED_EVENT)) {
            accounts.add(credited.text("account").toLowerCase());
        }
        BigInteger credits = BigInteger.ZERO;
        for (String account : accounts) {
            credits = credits.add(market.credits(account).send());
        }
        BigInteger balance = chain.token().balanceOf(chain.marketAddress).send();
        return new BountyHistory.MarketMoney(balance, escrow, credits, bounties.size(), accounts.size());
    }
}
