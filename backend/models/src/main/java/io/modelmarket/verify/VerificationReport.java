package io.modelmarket.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Locale;

/**
 * A verification result for machines (JSON) and people (a text summary and an SVG confusion matrix of the
 * model on the test set: rows are true labels, columns predictions, darker is more).
 */
public final class VerificationReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int CELL = 36;
    private static final int MARGIN = 140;

    private VerificationReport() {}

    public static String toJson(VerificationResult result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a verification result always serializes", e);
        }
    }

    /** A few lines for a terminal or a log. */
    public static String toText(VerificationResult result) {
        if (!result.conclusive() || result.status() == VerificationResult.Status.FAILED) {
            return "Verification " + result.status() + ": " + result.failure();
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "Verification %s: %d of %d rows match the revealed predictions (threshold %.1f%%)",
                result.status(), result.rowsMatched(), result.rows(), 100 * result.threshold()));
        if (!result.mismatchingRows().isEmpty()) {
            text.append("\n  first mismatching rows: ").append(result.mismatchingRows());
        }
        if (result.correct() >= 0) {
            text.append(String.format(Locale.ROOT, "%n  the model's accuracy on the revealed labels: %d / %d (%.2f%%)",
                    result.correct(), result.rows(), 100.0 * result.correct() / Math.max(1, result.rows())));
        }
        text.append("\n  inference: ").append(result.inferenceMillis()).append(" ms, model output '")
                .append(result.inspection().classOutput()).append("'");
        return text.toString();
    }

    /** The confusion matrix as a standalone SVG, or {@code null} when the labels were not known. */
    public static String confusionMatrixSvg(VerificationResult result, List<String> classNames) {
        int[][] matrix = result.confusion();
        if (matrix == null) {
            return null;
        }
        int n = matrix.length;
        int max = 1;
        for (int[] row : matrix) {
            for (int count : row) {
                max = Math.max(max, count);
            }
        }
        int size = MARGIN + n * CELL + 20;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n", size, size + 20));
        svg.append("<title>Confusion matrix: true label (rows) by prediction (columns)</title>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\">predicted</text>%n", MARGIN));
        for (int i = 0; i < n; i++) {
            String name = escape(i < classNames.size() ? classNames.get(i) : String.valueOf(i));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", MARGIN - 6, MARGIN + i * CELL + CELL / 2 + 4, name));
            svg.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%d) rotate(-60)\">%s</text>%n", MARGIN + i * CELL + CELL / 2, MARGIN - 6, name));
            for (int j = 0; j < n; j++) {
                int count = matrix[i][j];
                int shade = 255 - (int) Math.round(215.0 * count / max);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"rgb(%d,%d,255)\" stroke=\"#ccc\"/>%n",
                        MARGIN + j * CELL, MARGIN + i * CELL, CELL, CELL, shade, shade));
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%d</text>%n",
                        MARGIN + j * CELL + CELL / 2, MARGIN + i * CELL + CELL / 2 + 4, shade < 120 ? "white" : "black", count));
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
