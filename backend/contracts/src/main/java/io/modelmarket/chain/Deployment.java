package io.modelmarket.chain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contracts of one chain, as scripts/deploy.ts records them in {@code deployments/chain-<id>.json}: the coin,
 * the market, and the market's block (where indexers start). A record written while protocol v1 was deployed
 * beside v2 also names v1's market as {@code bountyMarket}; that field is ignored (docs/protocol.md, decision 16),
 * any other unknown one refused.
 */
@JsonIgnoreProperties("bountyMarket")
public record Deployment(long chainId, String modelCoin, String bountyMarketV2, long deployBlock) {

    public static Deployment read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("no deployment at " + file.toAbsolutePath()
                    + "; deploy with 'npx hardhat run scripts/deploy.ts --network ...' or set modelmarket.chain.deployment-file");
        }
        Deployment deployment = new ObjectMapper().readValue(file.toFile(), Deployment.class);
        requireAddress(file, "bountyMarketV2", deployment.bountyMarketV2());
        return deployment;
    }

    private static void requireAddress(Path file, String field, String value) throws IOException {
        if (value == null || !value.matches("0x[0-9a-fA-F]{40}")) {
            throw new IOException(file + ": '" + field + "' is not an address; redeploy with scripts/deploy.ts");
        }
    }
}
