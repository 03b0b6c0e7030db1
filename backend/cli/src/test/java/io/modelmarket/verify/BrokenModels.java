package io.modelmarket.verify;

/** The models module's test graphs that the CLI's tests need, from outside its package. */
public final class BrokenModels {
    private BrokenModels() {}

    /** A model whose output is {@code value} for every row: not a class index when it is not below {@code classes}. */
    public static byte[] constantClass(int features, int classes, long value) {
        return Graphs.constantClass(features, classes, value);
    }
}
