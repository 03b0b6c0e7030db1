package io.modelmarket.verify;

/** A model that may not be run, or could not be: the message says why. */
public final class ModelRejectedException extends Exception {
    public ModelRejectedException(String reason) {
        super(reason);
    }
}
