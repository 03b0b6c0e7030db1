package io.modelmarket.verify;

/** Small honest models other packages' tests can use. */
public final class TestModels {
    private TestModels() {}

    /** Three features, three classes: the class is the index of the largest feature. */
    public static byte[] pickLargestOfThree() {
        float[][] identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        return Graphs.linear(identity, new float[3], true);
    }
}
