package io.modelmarket.server.audit;

import io.modelmarket.protocol.Bytes32;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The audit's verdict on a finished bounty, for its page. */
@RestController
@ConditionalOnProperty(name = "modelmarket.chain.enabled", havingValue = "true", matchIfMissing = true)
class AuditController {
    private final AuditService audits;

    AuditController(AuditService audits) {
        this.audits = audits;
    }

    @GetMapping("/api/bounties/{id}/audit")
    AuditVerdict audit(@PathVariable String id) throws IOException {
        if (!id.matches("0x[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("a bounty id is 0x and 64 hex digits");
        }
        return audits.verdict(Bytes32.fromHex(id));
    }
}
