package io.modelmarket.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.server.chain.ChainProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RPC URLs carry API keys: what logs, health and /api/config may show of them. */
class RedactionTest {
    @Test
    void urlsInTextKeepOnlySchemeHostAndPort() {
        assertThat(Redaction.redact("Failed to connect to https://eth-mainnet.g.alchemy.com/v2/SECRETKEY: timeout"))
                .isEqualTo("Failed to connect to https://eth-mainnet.g.alchemy.com/…: timeout");
        assertThat(Redaction.redact("POST http://user:pass@10.0.0.5:8545/?key=SECRET failed"))
                .isEqualTo("POST http://10.0.0.5:8545/… failed");
        assertThat(Redaction.redact("wss://mainnet.infura.io/ws/v3/abc")).isEqualTo("wss://mainnet.infura.io/…");
        assertThat(Redaction.redact("no url here")).isEqualTo("no url here");
        assertThat(Redaction.redact(null)).isNull();
    }

    @Test
    void walletsAreToldAnRpcUrlOnlyWhenItHoldsNoSecret() {
        assertThat(properties("http://127.0.0.1:8545", null).walletRpcUrl()).isEqualTo("http://127.0.0.1:8545");
        assertThat(properties("https://eth-sepolia.g.alchemy.com/v2/SECRETKEY", null).walletRpcUrl()).isNull();
        assertThat(properties("https://user:pw@node.example.com", null).walletRpcUrl()).isNull();
        assertThat(properties("https://rpc.example.com/?apikey=SECRET", null).walletRpcUrl()).isNull();
        assertThat(properties("https://eth-sepolia.g.alchemy.com/v2/SECRETKEY", "https://rpc.sepolia.org").walletRpcUrl())
                .isEqualTo("https://rpc.sepolia.org");
    }

    private static ChainProperties properties(String rpcUrl, String publicRpcUrl) {
        return new ChainProperties(rpcUrl, Path.of("deployments/chain-31337.json"), 0, true, Duration.ofSeconds(1), 2000, publicRpcUrl);
    }
}
