package io.modelmarket.server;

import io.modelmarket.testing.LocalChain;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a server under test at a {@link LocalChain}; the test polls the indexer by hand. */
public final class LocalChainProperties {
    private LocalChainProperties() {}

    public static void register(DynamicPropertyRegistry registry, LocalChain chain) {
        registry.add("modelmarket.chain.enabled", () -> "true");
        registry.add("modelmarket.chain.rpc-url", chain.node::rpcUrl);
        registry.add("modelmarket.chain.deployment-file", () -> chain.deploymentFile().toString());
        registry.add("modelmarket.chain.poll-interval", () -> "1h");
    }
}
