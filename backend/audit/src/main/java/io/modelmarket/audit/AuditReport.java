package io.modelmarket.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.verify.VerificationReport;
import io.modelmarket.verify.VerificationResult;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The verdicts of an audit, with the timeline, the leaderboard and the re-runs, as text, JSON or HTML. */
public record AuditReport(BountyHistory history, List<Check> checks, List<Standing> leaderboard, Map<String, VerificationResult> reruns,
        List<String> classNames) {

    /**
     * One trainer's standing: what it claimed, and what the auditor recounted and re-ran for revealed models.
     *
     * @param correct the re-run model's correct predictions (null when its model was not revealed, or the re-run gave none)
     * @param reproduced whether the re-run reproduced the revealed predictions (null when not revealed, or the re-run
     *     could not be made)
     * @param rerun the re-run's verdict: {@code reproduced}, {@code not reproduced} or {@code inconclusive} (null when
     *     not re-run)
     */
    public record Standing(String trainer, int sequence, Integer claimed, Integer correct, Boolean reproduced, String rerun) {
        /** {@code standings} as the leaderboard lists them: claims best first (ties: the earlier commit), then those without a claim. */
        static List<Standing> ranked(List<Standing> standings) {
            return standings.stream()
                    .sorted(Comparator.comparingInt((Standing s) -> s.claimed() == null ? 1 : 0)
                            .thenComparingInt(s -> s.claimed() == null ? 0 : -s.claimed()).thenComparingInt(Standing::sequence))
                    .toList();
        }
    }

    /** Amounts (any {@link BigInteger}) are decimal strings in wei, never JSON numbers, which lose digits in JavaScript. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(BigInteger.class, ToStringSerializer.instance));

    /** The report of a replay: its checks, and the trainers it followed as the leaderboard and the re-runs. */
    static AuditReport of(BountyHistory history, List<Check> checks, Collection<? extends ReplayedTrainer> trainers, List<String> classNames) {
        Map<String, VerificationResult> reruns = new LinkedHashMap<>();
        trainers.stream().filter(t -> t.rerun != null).forEach(t -> reruns.put(t.address, t.rerun));
        return new AuditReport(history, checks, Standing.ranked(trainers.stream().map(ReplayedTrainer::standing).toList()), reruns, classNames);
    }

    /** The report on a history without the event that creates its bounty ({@code created} names it): one failed check. */
    static AuditReport unknownBounty(BountyHistory history, String created) {
        return new AuditReport(history, List.of(Check.fail("bounty.created", "no " + created + " event for " + history.bountyId() + " on market "
                + history.market())), List.of(), Map.of(), List.of());
    }

    /** The audit's verdict: {@code FAILED} when a check fails, else {@code INCONCLUSIVE} when one could not be made, else {@code PASSED}. */
    public enum Verdict { PASSED, FAILED, INCONCLUSIVE }

    /** True when every check holds: never when one is inconclusive. */
    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    public Verdict verdict() {
        return !failures().isEmpty() ? Verdict.FAILED : !inconclusive().isEmpty() ? Verdict.INCONCLUSIVE : Verdict.PASSED;
    }

    public List<Check> failures() {
        return withStatus(Check.Status.FAIL);
    }

    /** The checks the audit could not make. */
    public List<Check> inconclusive() {
        return withStatus(Check.Status.INCONCLUSIVE);
    }

    private List<Check> withStatus(Check.Status status) {
        return checks.stream().filter(c -> c.status() == status).toList();
    }

    /** The verdict in a sentence: every check holds, or how many failed and could not be made, and which. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (!failures().isEmpty()) {
            parts.add(failures().size() + " of " + checks.size() + " checks failed: " + String.join(", ", failures().stream().map(Check::name).toList()));
        }
        if (!inconclusive().isEmpty()) {
            parts.add(inconclusive().size() + " of " + checks.size() + " checks could not be made: "
                    + String.join(", ", inconclusive().stream().map(Check::name).toList()));
        }
        return parts.isEmpty() ? "every check holds (" + checks.size() + " checks)" : String.join("; ", parts);
    }

    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append("audit of bounty ").append(history.bountyId()).append(" on market ").append(history.market())
                .append(" (chain ").append(history.chainId()).append(")\n");
        for (Check check : checks) {
            text.append("  ").append(check.status()).append("  ").append(check.name()).append(": ").append(check.detail()).append('\n');
        }
        text.append("verdict: ").append(verdict() == Verdict.PASSED ? "" : verdict() + ": ").append(summary()).append('\n');
        return text.toString();
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("bountyId", history.bountyId());
        root.put("market", history.market());
        root.put("chainId", history.chainId());
        root.put("passed", passed());
        root.put("verdict", verdict().name());
        root.set("checks", JSON.valueToTree(checks));
        root.set("leaderboard", JSON.valueToTree(leaderboard));
        root.set("money", JSON.valueToTree(money()));
        ArrayNode timeline = root.putArray("timeline");
        for (MarketEvent event : history.events()) {
            timeline.addObject().put("event", event.name()).put("block", event.block()).put("time", history.time(event))
                    .put("transaction", event.transactionHash());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The bounty's money as the chain has it, in wei (decimal strings in the JSON report): its terms, the
     * escrow it holds now, what it credited each account (its payouts), and the market's money.
     */
    public record Money(BigInteger reward, BigInteger trainerStake, BigInteger escrow, Map<String, BigInteger> credited,
            BountyHistory.MarketMoney market) {}

    public Money money() {
        Map<String, BigInteger> credited = new TreeMap<>();
        history.all("Credited").forEach(e -> credited.merge(e.address("account"), e.number("amount"), BigInteger::add));
        JsonNode terms = history.terms().orElse(null);
        return new Money(terms == null ? null : new BigInteger(terms.path("reward").asText("0")),
                terms == null ? null : new BigInteger(terms.path("trainerStake").asText("0")), history.escrow(), credited, history.money());
    }

    /** A self-contained page: verdicts, timeline, leaderboard, and the winner's confusion matrix. */
    public String toHtml() {
        StringBuilder html = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Audit of bounty %s</title>
                <style>
                body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2433}
                table{border-collapse:collapse;width:100%%;margin:.5rem 0 1.5rem}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #dde}
                code{font-size:13px}.pass{color:#17643a;font-weight:600}.fail{color:#b3261e;font-weight:600}.inconclusive{color:#8a5a00;font-weight:600}
                .verdict{padding:.8rem 1rem;border-radius:6px;background:%s}
                </style></head><body>
                <h1>Audit of bounty <code>%s</code></h1>
                <p>Market <code>%s</code> on chain %d. Replayed from chain events and IPFS alone.</p>
                <p class="verdict">%s</p>
                <h2>Checks</h2><table><thead><tr><th scope="col">check</th><th scope="col">verdict</th><th scope="col">detail</th></tr></thead><tbody>
                """.formatted(escape(history.bountyId()), switch (verdict()) {
                    case PASSED -> "#e6f4ea";
                    case FAILED -> "#fce8e6";
                    case INCONCLUSIVE -> "#fef7e0";
                }, escape(history.bountyId()), escape(history.market()), history.chainId(), switch (verdict()) {
                    case PASSED -> "Every check holds (" + checks.size() + " checks).";
                    case FAILED -> "Failed: " + escape(summary()) + ".";
                    case INCONCLUSIVE -> "Inconclusive: " + escape(summary()) + "; every other check holds.";
                }));
        for (Check check : checks) {
            html.append("<tr><td><code>").append(escape(check.name())).append("</code></td><td class=\"")
                    .append(check.status().name().toLowerCase(Locale.ROOT)).append("\">").append(check.status())
                    .append("</td><td>").append(escape(check.detail())).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n<h2>Timeline</h2><table><thead><tr><th scope=\"col\">time (UTC)</th><th scope=\"col\">block</th>"
                + "<th scope=\"col\">event</th><th scope=\"col\">transaction</th></tr></thead><tbody>\n");
        for (MarketEvent event : history.events()) {
            html.append("<tr><td>").append(Instant.ofEpochSecond(history.time(event))).append("</td><td>").append(event.block()).append("</td><td>")
                    .append(escape(event.name())).append(event.fields().has("trainer") ? " <code>" + escape(event.text("trainer")) + "</code>" : "")
                    .append("</td><td><code>").append(escape(event.transactionHash())).append("</code></td></tr>\n");
        }
        html.append("</tbody></table>\n<h2>Leaderboard</h2><table><thead><tr><th scope=\"col\">trainer</th><th scope=\"col\">commit</th>"
                + "<th scope=\"col\">claimed</th><th scope=\"col\">recounted (re-run)</th><th scope=\"col\">re-run</th></tr></thead><tbody>\n");
        for (Standing standing : leaderboard) {
            html.append("<tr><td><code>").append(escape(standing.trainer())).append("</code></td><td>").append(standing.sequence())
                    .append("</td><td>").append(standing.claimed() == null ? "no claim" : standing.claimed())
                    .append("</td><td>").append(standing.correct() == null ? "not revealed" : standing.correct())
                    .append("</td><td>").append(standing.rerun() == null ? "—" : standing.rerun()).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
        String winner = history.first("BountyCompleted").map(e -> e.address("winner")).orElse(null);
        VerificationResult winning = winner == null ? null : reruns.get(winner);
        if (winning != null && winning.confusion() != null) {
            html.append("<h2>Winner's confusion matrix (re-run)</h2>\n").append(VerificationReport.confusionMatrixSvg(winning, classNames)).append('\n');
        }
        return html.append("</body></html>\n").toString();
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
