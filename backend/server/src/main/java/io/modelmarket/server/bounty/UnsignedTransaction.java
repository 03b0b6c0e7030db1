package io.modelmarket.server.bounty;

import io.modelmarket.protocol.Wei;

/** A transaction for the user's wallet to sign and send: target, calldata, and the ether it carries, in wei. */
public record UnsignedTransaction(String to, String data, Wei value) {
    static UnsignedTransaction call(String to, String data) {
        return new UnsignedTransaction(to, data, Wei.ZERO);
    }
}
