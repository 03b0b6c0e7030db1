package io.modelmarket.chain;

/** A transaction that would revert, reverted, or could not be sent; the message says why in words. */
public final class ChainException extends Exception {
    public ChainException(String message) {
        super(message);
    }

    public ChainException(String message, Throwable cause) {
        super(message, cause);
    }
}
