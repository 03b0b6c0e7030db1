package io.modelmarket.verify;

/** The models module's test graphs that the server's tests need, from outside its package. */
public final class SlowModels {
    private SlowModels() {}

    /** A model that loops (nearly) forever before answering: only the sandbox's time limit ends its run. */
    public static byte[] endlessLoop(int features, int classes) {
        return Graphs.endlessLoop(features, classes);
    }
}
