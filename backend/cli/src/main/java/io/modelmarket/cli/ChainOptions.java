package io.modelmarket.cli;

import io.modelmarket.chain.Deployment;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the chain and the market are: {@code --rpc}, and {@code --market} or a deployment record. */
final class ChainOptions {
    @Option(names = "--rpc", paramLabel = "URL",
            description = "JSON-RPC endpoint of the chain (default: $" + ChainEndpoint.RPC_URL_VARIABLE + ", else the local chain of "
                    + "scripts/dev on 127.0.0.1, port $" + ChainEndpoint.CHAIN_PORT_VARIABLE + " or " + ChainEndpoint.DEFAULT_CHAIN_PORT + ").")
    String rpcUrl;

    @Option(names = "--market", paramLabel = "ADDRESS", defaultValue = "${env:MODELMARKET_MARKET}", converter = Addresses.Converter.class,
            description = "BountyMarket address (default: $MODELMARKET_MARKET, else the deployment record's bountyMarket).")
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
        ChainEndpoint.Connected chain = ChainEndpoint.of(rpcUrl, System.getenv()).connect();
        String marketAddress = market;
        String arbitrator = null;
        long deployBlock = 0;
        if (marketAddress == null || marketAddress.isBlank()) {
            try {
                Deployment record = Deployment.read(deploymentFile(chain.chainId(), System.getenv()));
                marketAddress = record.bountyMarket();
                arbitrator = record.arbitrator();
                deployBlock = record.deployBlock();
            } catch (IOException | RuntimeException e) {
                chain.web3j().shutdown();
                throw e;
            }
        }
        return new MarketConnection(chain.web3j(), chain.chainId(), marketAddress, arbitrator, fromBlock != null ? fromBlock : deployBlock);
    }

    private Path deploymentFile(long chainId, Map<String, String> environment) {
        if (deployment != null) {
            return deployment;
        }
        Path name = Path.of("deployments", "chain-" + BigInteger.valueOf(chainId) + ".json");
        String home = environment.get("MODELMARKET_HOME");
        if (!Files.exists(name) && home != null && !home.isBlank()) {
            return Path.of(home).resolve(name);
        }
        return name;
    }
}
