package io.modelmarket.server.audit;

import io.modelmarket.audit.AuditReport;
import java.util.List;

/**
 * What {@code GET /api/bounties/{id}/audit} answers: the audit's verdict on a finished bounty, check by check.
 *
 * @param phase the bounty's phase when it was audited (an end phase)
 * @param passed whether every check holds (never when one is inconclusive)
 * @param verdict {@code PASSED}, {@code FAILED} (a check fails) or {@code INCONCLUSIVE} (none fails, one could not be made)
 */
public record AuditVerdict(String bountyId, String phase, boolean passed, String verdict, List<CheckVerdict> checks) {

    /**
     * One check's verdict.
     *
     * @param name the check's stable name, e.g. {@code data.sealedInputs} or {@code model.reproduces[0x…]}
     * @param verdict {@code PASS}, {@code FAIL} or {@code INCONCLUSIVE} (the audit could not make it, e.g. a re-run)
     * @param detail what the auditor found, in words
     */
    public record CheckVerdict(String name, String verdict, String detail) {}

    static AuditVerdict of(AuditReport report, String phase) {
        return new AuditVerdict(report.history().bountyId(), phase, report.passed(), report.verdict().name(), report.checks().stream()
                .map(check -> new CheckVerdict(check.name(), check.status().name(), check.detail()))
                .toList());
    }
}
