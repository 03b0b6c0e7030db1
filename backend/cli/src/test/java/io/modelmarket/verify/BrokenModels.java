package io.modelmarket.verify;

/** The models module's test graphs (broken and hand-built) that the CLI's tests need, from outside its package. */
public final class BrokenModels {
    private BrokenModels() {}

    /** A model whose output is {@code value} for every row: not a class index when it is not below {@code classes}. */
    public static byte[] constantClass(int features, int classes, long value) {
        return Graphs.constantClass(features, classes, value);
    }

    /**
     * A mixed-column classifier built with the ONNX protobuf classes, not the project's trainer: float input {@code num},
     * string input {@code cat} whose cells map to their index in {@code vocabulary} (-1 for any other), and a linear layer
     * of {@code weights} ({@code [numeric + categorical][classes]}) and {@code bias}.
     */
    public static byte[] mixed(int numeric, int categorical, java.util.List<String> vocabulary, float[][] weights, float[] bias) {
        return Graphs.mixed(numeric, categorical, vocabulary, weights, bias);
    }
}
