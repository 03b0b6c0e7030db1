package io.modelmarket.chain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contracts of one chain, as scripts/deploy.ts records them in {@code deployments/chain-<id>.json}: the coin,
 * the market, the ERC-792 arbitrator the market was deployed with (its disputes' court), and the market's block
 * (where indexers start). A record written before the market lost its version
 * suffix names the market {@code bountyMarketV2}; read, it means {@code bountyMarket}, and wins over a
 * {@code bountyMarket} beside it, which in such a record was protocol v1's market (docs/history.md, "Names without
 * a version"). Any other unknown field is refused.
 */
public record Deployment(long chainId, String modelCoin, String bountyMarket, String arbitrator, long deployBlock) {

    @JsonCreator
    static Deployment fromRecord(@JsonProperty("chainId") long chainId, @JsonProperty("modelCoin") String modelCoin,
            @JsonProperty("bountyMarket") String bountyMarket, @JsonProperty("bountyMarketV2") String olderName,
            @JsonProperty("arbitrator") String arbitrator, @JsonProperty("deployBlock") long deployBlock) {
        return new Deployment(chainId, modelCoin, olderName != null ? olderName : bountyMarket, arbitrator, deployBlock);
    }

    public static Deployment read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("no deployment at " + file.toAbsolutePath()
                    + "; deploy with 'npx hardhat run scripts/deploy.ts --network ...' or set modelmarket.chain.deployment-file");
        }
        Deployment deployment = new ObjectMapper().readValue(file.toFile(), Deployment.class);
        requireAddress(file, "bountyMarket", deployment.bountyMarket());
        requireAddress(file, "arbitrator", deployment.arbitrator());
        return deployment;
    }

    private static void requireAddress(Path file, String field, String value) throws IOException {
        if (value == null || !value.matches("0x[0-9a-fA-F]{40}")) {
            throw new IOException(file + ": '" + field + "' is not an address; redeploy with scripts/deploy.ts");
        }
    }
}
