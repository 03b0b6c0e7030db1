package io.modelmarket.verify;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.protocol.FixedPoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-runs a model on a bounty's test inputs and compares its predictions with the revealed ones. The model is
 * inspected first ({@link ModelInspector}) and run in an {@link InferenceSandbox}, so a hanging, crashing or
 * memory-hungry model ends as a {@code FAILED} result with a reason and never takes the caller down. A run the
 * sandbox itself could not make (its worker did not start, a file could not be written) is {@code INCONCLUSIVE}:
 * nothing about the model follows from it.
 *
 * <p>A classification model's re-run reproduces a prediction when it gives the same class; a regression model's when its
 * fixed-point prediction lies within {@link FixedPoint#REPRODUCTION_TOLERANCE} unit of the revealed one (docs/protocol.md,
 * "ONNX models"). The methods that take the bounty's {@link BountyMetadata} serve both tasks.
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
            return verifyInside(model, testInputs, () -> inspector.inspect(model, featureCount, classCount, outputName), classCount, 0, revealed,
                    labels, threshold);
        }
    }

    /**
     * Verifies a model for the bounty {@code metadata} describes, classification or regression.
     *
     * @param revealed the revealed predictions: one class index per byte, or 4-byte fixed-point values ({@link FixedPoint})
     * @param labels the revealed labels in the same encoding, or {@code null} when they are not known yet
     */
    public VerificationResult verify(byte[] model, Path testInputs, BountyMetadata metadata, byte[] revealed, byte[] labels, double threshold) {
        try (SandboxGate.Permit permit = gate.enter()) {
            return verifyInside(model, testInputs, () -> inspector.inspect(model, metadata), metadata.classCount(), decimals(metadata), revealed,
                    labels, threshold);
        }
    }

    /** The inspection of a model against a bounty's dataset. */
    private interface Inspection {
        ModelInspection inspect() throws ModelRejectedException;
    }

    private VerificationResult verifyInside(byte[] model, Path testInputs, Inspection inspect, int classCount, int targetDecimals,
            byte[] revealed, byte[] labels, double threshold) {
        long start = System.nanoTime();
        ModelInspection inspection;
        try {
            inspection = inspect.inspect();
        } catch (ModelRejectedException e) {
            return VerificationResult.failed("refused: " + e.getMessage(), null, 0);
        }
        int[] predicted;
        try {
            predicted = run(model, testInputs, inspection, classCount, targetDecimals);
        } catch (InferenceSandbox.InferenceFailedException e) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            return e.fault() == InferenceSandbox.InferenceFailedException.Fault.MODEL ? VerificationResult.failed(e.getMessage(), inspection, millis)
                    : VerificationResult.inconclusive(e.reason(), inspection, millis);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (classCount == 0) {
            if (revealed.length % FixedPoint.BYTES != 0) {
                return VerificationResult.inconclusive(revealed.length + " bytes of predictions were revealed, not 4 per fixed-point value", inspection,
                        millis);
            }
            return compare(predicted, FixedPoint.decode(revealed), null, 0, threshold, inspection, millis, FixedPoint.REPRODUCTION_TOLERANCE);
        }
        int[] revealedClasses = new int[revealed.length];
        for (int i = 0; i < revealed.length; i++) {
            revealedClasses[i] = revealed[i] & 0xff;
        }
        return compare(predicted, revealedClasses, labels, classCount, threshold, inspection, millis, 0);
    }

    /** The class indices, or with a class count of 0 the fixed-point predictions, of the inspected model on {@code inputs}. */
    private int[] run(byte[] model, Path inputs, ModelInspection inspection, int classCount, int targetDecimals)
            throws InferenceSandbox.InferenceFailedException {
        return classCount == 0 ? sandbox.predictTargets(model, inputs, inspection, targetDecimals) : sandbox.predict(model, inputs, inspection, classCount);
    }

    private static int decimals(BountyMetadata metadata) {
        return metadata.isRegression() ? metadata.targetDecimals() : 0;
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

    /**
     * What the model predicts for every row of {@code inputs} as the bounty {@code metadata} describes reveals it: class
     * indices, or for regression fixed-point values ({@link FixedPoint#encode} packs them for the commitment), made
     * exactly as a verifier re-runs the model.
     */
    public int[] predict(byte[] model, Path inputs, BountyMetadata metadata)
            throws ModelRejectedException, InferenceSandbox.InferenceFailedException {
        try (SandboxGate.Permit permit = gate.enter()) {
            ModelInspection inspection = inspector.inspect(model, metadata);
            return run(model, inputs, inspection, metadata.classCount(), decimals(metadata));
        }
    }

    /**
     * Compares the re-run with the revealed predictions: a row matches when they are equal (classes, {@code tolerance} 0) or
     * when {@link FixedPoint#reproduces} holds (fixed-point values, {@code tolerance} {@link FixedPoint#REPRODUCTION_TOLERANCE}). The
     * labels (classification only, else {@code null}) give the model's correct count and confusion matrix.
     */
    private static VerificationResult compare(int[] predicted, int[] revealed, byte[] labels, int classCount, double threshold,
            ModelInspection inspection, long millis, int tolerance) {
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
            if (tolerance == 0 ? predicted[i] == revealed[i] : FixedPoint.reproduces(revealed[i], predicted[i])) {
                matched++;
            } else {
                if (first == null) {
                    first = new VerificationResult.Mismatch(i, predicted[i], revealed[i]);
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
                null, predicted.length, matched, List.copyOf(mismatches), correct, threshold, confusion, inspection, millis, first, tolerance);
    }
}
