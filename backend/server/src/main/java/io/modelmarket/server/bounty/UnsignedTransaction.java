package io.modelmarket.server.bounty;

/** A transaction for the user's wallet to sign and send: target, calldata, value in wei (decimal). */
public record UnsignedTransaction(String to, String data, String value) {
    static UnsignedTransaction call(String to, String data) {
        return new UnsignedTransaction(to, data, "0");
    }
}
