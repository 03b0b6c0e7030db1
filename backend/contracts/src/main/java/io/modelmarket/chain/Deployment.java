package io.modelmarket.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contracts of one chain, as scripts/deploy.ts records them in {@code deployments/chain-<id>.json}: the coin,
 * the v1 and v2 markets, and the block of the first market (where indexers start).
 */
public record Deployment(long chainId, String modelCoin, String bountyMarket, String bountyMarketV2, long deployBlock) {

    public static Deployment read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("no deployment at " + file.toAbsolutePath()
                    + "; deploy with 'npx hardhat run scripts/deploy.ts --network ...' or set modelmarket.chain.deployment-file");
        }
        Deployment deployment = new ObjectMapper().readValue(file.toFile(), Deployment.class);
        requireAddress(file, "bountyMarket", deployment.bountyMarket());
        requireAddress(file, "bountyMarketV2", deployment.bountyMarketV2());
        return deployment;
    }

    private static void requireAddress(Path file, String field, String value) throws IOException {
        if (value == null || !value.matches("0x[0-9a-fA-F]{40}")) {
            throw new IOException(file + ": '" + field + "' is not an address; redeploy with scripts/deploy.ts");
        }
    }
}
