package io.modelmarket.server.chain;

import io.modelmarket.server.web.Redaction;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The chain the server follows.
 *
 * @param rpcUrl JSON-RPC endpoint
 * @param deploymentFile what scripts/deploy.ts wrote: chain id, contract addresses, deployment block
 * @param confirmations how many blocks behind the head the indexer stays (reorganizations shallower than
 *     this never reach the database; deeper ones are rolled back)
 * @param enabled whether the server follows a chain at all (indexer, transaction building); off, it serves
 *     the registry and IPFS alone
 * @param pollInterval time between polls
 * @param maxBlocksPerPoll the widest block range one {@code eth_getLogs} asks for
 * @param publicRpcUrl the RPC URL wallets are told to add for this chain ({@code /api/config}); empty: the
 *     {@code rpcUrl} when it carries nothing but scheme, host and port, and none otherwise (a hosted RPC URL
 *     carries an API key, which is never shown)
 */
@ConfigurationProperties("modelmarket.chain")
public record ChainProperties(
        @DefaultValue("http://127.0.0.1:8545") String rpcUrl,
        @DefaultValue("deployments/chain-31337.json") Path deploymentFile,
        @DefaultValue("0") int confirmations,
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("2000") int maxBlocksPerPoll,
        String publicRpcUrl) {

    /** What a wallet may be told: {@code publicRpcUrl}, or the {@code rpcUrl} when it holds no secret, or null. */
    public String walletRpcUrl() {
        if (publicRpcUrl != null && !publicRpcUrl.isBlank()) {
            return publicRpcUrl;
        }
        return Redaction.isBare(rpcUrl) ? rpcUrl : null;
    }
}
