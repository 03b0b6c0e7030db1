package io.modelmarket.verify;

import java.util.List;
import java.util.Map;

/**
 * What a model declares, and how the verifier will read it (docs/protocol.md, ONNX models).
 *
 * @param inputs the graph inputs that are not initializers
 * @param outputs the graph outputs
 * @param opsetImports operator domain to version
 * @param producer producer name and version
 * @param parameterCount elements in all initializers
 * @param sizeBytes the model file's size
 * @param featureCount the number of features, numeric and categorical
 * @param featureTypes each feature's type in CSV order: {@code float32} (numeric) or {@code string} (categorical)
 * @param numericInput the float32 input of the numeric features, {@code null} when the dataset has none
 * @param stringInput the string input of the categorical features, {@code null} when the dataset has none
 * @param classOutput the output the verifier reads
 * @param classOutputIsIndex true when that output holds class indices (int64), false for scores to arg-max or a value
 * @param valueOutput true when that output holds a regression bounty's prediction (float32 {@code [batch]} or
 *     {@code [batch, 1]}), revealed as a fixed-point number
 */
public record ModelInspection(
        List<Tensor> inputs,
        List<Tensor> outputs,
        Map<String, Long> opsetImports,
        String producer,
        long parameterCount,
        long sizeBytes,
        long featureCount,
        List<String> featureTypes,
        String numericInput,
        String stringInput,
        String classOutput,
        boolean classOutputIsIndex,
        boolean valueOutput) {

    /** A named tensor with its element type and shape ({@code -1} for a symbolic dimension such as the batch). */
    public record Tensor(String name, String type, List<Long> shape) {}
}
