package io.modelmarket.cli;

import io.modelmarket.chain.Deployment;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import picocli.CommandLine.Option;

/** Where the chain and the market are: {@code --rpc}, and {@code --market} or a deployment record. */
final class ChainOptions {
    @Option(names = "--rpc", paramLabel = "URL", defaultValue = "${env:MODELMARKET_RPC_URL:-http://127.0.0.1:8545}",
            description = "JSON-RPC endpoint of the chain (default: $MODELMARKET_RPC_URL or ${DEFAULT-VALUE}).")
    String rpcUrl;

    @Option(names = "--market", paramLabel = "ADDRESS", defaultValue = "${env:MODELMARKET_MARKET}",
            description = "BountyMarketV2 address (default: $MODELMARKET_MARKET, else the deployment record's bountyMarketV2).")
    String market;

    @Option(names = "--deployment", paramLabel = "FILE", converter = FileErrors.Readable.class,
            description = "Deployment record written by scripts/deploy.ts (default: deployments/chain-<chain id>.json "
                    + "in the current folder or in $MODELMARKET_HOME).")
    Path deployment;

    @Option(names = "--from-block", paramLabel = "N",
            description = "First block to read the market's events from (default: the deployment block, else 0).")
    Long fromBlock;

    /** Connects to the chain and finds the market (and its token) as the options say. */
    MarketConnection connect() throws IOException {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        long chainId;
        try {
            chainId = web3j.ethChainId().send().getChainId().longValueExact();
        } catch (IOException e) {
            web3j.shutdown();
            throw new IOException("cannot reach the chain at " + rpcUrl + " (" + e.getMessage() + "); start one or pass --rpc URL", e);
        }
        String marketAddress = market;
        long deployBlock = 0;
        if (marketAddress == null || marketAddress.isBlank()) {
            Deployment record = Deployment.read(deploymentFile(chainId));
            marketAddress = record.bountyMarketV2();
            deployBlock = record.deployBlock();
        } else if (!marketAddress.matches("0x[0-9a-fA-F]{40}")) {
            web3j.shutdown();
            throw new IllegalArgumentException("--market must be an address (0x and 40 hex digits), got '" + marketAddress + "'");
        }
        return new MarketConnection(web3j, chainId, marketAddress, fromBlock != null ? fromBlock : deployBlock);
    }

    private Path deploymentFile(long chainId) {
        if (deployment != null) {
            return deployment;
        }
        Path name = Path.of("deployments", "chain-" + BigInteger.valueOf(chainId) + ".json");
        String home = System.getenv("MODELMARKET_HOME");
        if (!Files.exists(name) && home != null && !home.isBlank()) {
            return Path.of(home).resolve(name);
        }
        return name;
    }
}
