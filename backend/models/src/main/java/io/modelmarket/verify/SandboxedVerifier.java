package io.modelmarket.verify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-runs a model on a bounty's test inputs and compares its predictions with the revealed ones. The model is
 * inspected first ({@link ModelInspector}) and run in an {@link InferenceSandbox}, so a hanging, crashing or
 * memory-hungry model ends as a {@code FAILED} result with a reason and never takes the caller down. A run the
 * sandbox itself could not make (its worker did not start, a file could not be written) is {@code INCONCLUSIVE}:
 * nothing about the model follows from it.
 */
public final class SandboxedVerifier {
    private final ModelInspector inspector;
    private final InferenceSandbox sandbox;

    private final SandboxGate gate;

    public SandboxedVerifier(ModelLimits limits) {
        this(limits, SandboxGate.unlimited());
    }

    /** A verifier whose runs (inspection and worker) pass through {@code gate}. */
    public SandboxedVerifier(ModelLimits limits, SandboxGate gate) {
        this(limits, gate, new InferenceSandbox(limits, gate));
    }

    /** A verifier that runs models in {@code sandbox}; package-private so tests can give it a broken one. */
    SandboxedVerifier(ModelLimits limits, SandboxGate gate, InferenceSandbox sandbox) {
        this.inspector = new ModelInspector(limits);
        this.sandbox = sandbox;
        this.gate = gate;
    }

    /**
     * @param model the ONNX model's bytes
     * @param testInputs the bounty's test-inputs CSV
     * @param featureCount and {@code classCount}: from the bounty metadata
     * @param outputName the output the metadata names, or {@code null}
     * @param revealed the revealed predictions, one class index per byte
     * @param labels the revealed labels, or {@code null} when they are not known yet
     * @param threshold the share of rows that must match (1.0: every row)
     */
    public VerificationResult verify(byte[] model, Path testInputs, int featureCount, int classCount, String outputName,
            byte[] revealed, byte[] labels, double threshold) {
        try (SandboxGate.Permit permit = gate.enter()) {
            return verifyInside(model, testInputs, featureCount, classCount, outputName, revealed, labels, threshold);
        }
    }

    private VerificationResult verifyInside(byte[] model, Path testInputs, int featureCount, int classCount, String outputName,
            byte[] revealed, byte[] labels, double threshold) {
        long start = System.nanoTime();
        ModelInspection inspection;
        try {
            inspection = inspector.inspect(model, featureCount, classCount, outputName);
        } catch (ModelRejectedException e) {
            return VerificationResult.failed("refused: " + e.getMessage(), null, 0);
        }
        int[] predicted;
        try {
            predicted = sandbox.predict(model, testInputs, inspection, classCount);
        } catch (InferenceSandbox.InferenceFailedException e) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            return e.fault() == InferenceSandbox.InferenceFailedException.Fault.MODEL ? VerificationResult.failed(e.getMessage(), inspection, millis)
                    : VerificationResult.inconclusive(e.reason(), inspection, millis);
        }
        return compare(predicted, revealed, labels, classCount, threshold, inspection, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The class index the model predicts for every row of {@code inputs} (inspected first, run in the sandbox),
     * for a trainer who makes its predictions exactly as a verifier will: the same rules refuse the same models,
     * in the same words ({@link InferenceSandbox.InferenceFailedException}'s message).
     */
    public int[] predict(byte[] model, Path inputs, int featureCount, int classCount, String outputName)
            throws ModelRejectedException, InferenceSandbox.InferenceFailedException {
        try (SandboxGate.Permit permit = gate.enter()) {
            return sandbox.predict(model, inputs, inspector.inspect(model, featureCount, classCount, outputName), classCount);
        }
    }

    private static VerificationResult compare(int[] predicted, byte[] revealed, byte[] labels, int classCount, double threshold,
            ModelInspection inspection, long millis) {
        if (predicted.length != revealed.length) {
            // The worker answers one class per input row: the test inputs, not the model, disagree with the bounty's size.
            return VerificationResult.inconclusive("the test inputs have " + predicted.length + " rows; " + revealed.length
                    + " predictions were revealed", inspection, millis);
        }
        int matched = 0;
        int correct = labels == null ? -1 : 0;
        int[][] confusion = labels == null ? null : new int[classCount][classCount];
        List<Integer> mismatches = new ArrayList<>();
        VerificationResult.Mismatch first = null;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == (revealed[i] & 0xff)) {
                matched++;
            } else {
                if (first == null) {
                    first = new VerificationResult.Mismatch(i, predicted[i], revealed[i] & 0xff);
                }
                if (mismatches.size() < VerificationResult.MISMATCHES_REPORTED) {
                    mismatches.add(i);
                }
            }
            if (labels != null) {
                int label = labels[i] & 0xff;
                if (predicted[i] == label) {
                    correct++;
                }
                if (predicted[i] >= 0 && predicted[i] < classCount && label < classCount) {
                    confusion[label][predicted[i]]++;
                }
            }
        }
        boolean reproduced = predicted.length > 0 && matched >= Math.ceil(threshold * predicted.length);
        return new VerificationResult(reproduced ? VerificationResult.Status.REPRODUCED : VerificationResult.Status.NOT_REPRODUCED,
                null, predicted.length, matched, List.copyOf(mismatches), correct, threshold, confusion, inspection, millis, first);
    }
}
