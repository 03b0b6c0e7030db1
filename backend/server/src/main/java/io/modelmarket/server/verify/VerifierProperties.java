package io.modelmarket.server.verify;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The server as a bounty's verifier. Without a key the server verifies nothing on chain.
 *
 * @param privateKey the verifier account's key (from the environment, {@code MODELMARKET_VERIFIER_KEY}; never
 *     a file in the repository); bounties that name this account as verifier are verified by the server
 */
@ConfigurationProperties("modelmarket.verifier")
public record VerifierProperties(String privateKey) {}
