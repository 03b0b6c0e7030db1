package io.modelmarket.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelmarket.verify.VerificationReport;
import java.util.List;

/**
 * The JSON report an attestation names by its {@code reportCid}, the same from every verifier (the server's and
 * the command line's): which candidates it judged, best first, each one's verdict, the verdict in a sentence and
 * its run. docs/server.md, "Verification report", documents the schema.
 */
public final class AttestationReport {
    /** The report's {@code schema}: a reader refuses a schema it does not know. */
    public static final String SCHEMA = "modelmarket/verification-report/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AttestationReport() {}

    /** The report of {@code judged} (accepted or rejected, best first), attested by {@code verifier}. */
    public static byte[] of(String bountyId, String verifier, boolean acceptBest, List<Judgement> judged) {
        ObjectNode report = JSON.createObjectNode().put("schema", SCHEMA).put("bountyId", bountyId).put("verifier", verifier.toLowerCase())
                .put("acceptBest", acceptBest);
        ArrayNode candidates = report.putArray("candidates");
        try {
            for (Judgement judgement : judged) {
                candidates.addObject()
                        .put("trainer", judgement.trainer())
                        .put("modelCid", judgement.candidate().modelCid())
                        .put("score", judgement.candidate().score())
                        .put("verdict", judgement.verdict().name().toLowerCase())
                        .put("explanation", judgement.explanation())
                        .set("result", JSON.readTree(VerificationReport.toJson(judgement.result())));
            }
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a verification report always serializes", e);
        }
    }
}
