package io.modelmarket.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The contracts of one chain, as scripts/deploy.ts records them in {@code deployments/chain-<id>.json}. */
public record Deployment(long chainId, String modelCoin, String bountyMarket, long deployBlock) {

    public static Deployment read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("no deployment at " + file.toAbsolutePath()
                    + "; deploy with 'npx hardhat run scripts/deploy.ts --network ...' or set modelmarket.chain.deployment-file");
        }
        Deployment deployment = new ObjectMapper().readValue(file.toFile(), Deployment.class);
        if (deployment.bountyMarket() == null || !deployment.bountyMarket().matches("0x[0-9a-fA-F]{40}")) {
            throw new IOException(file + ": 'bountyMarket' is not an address");
        }
        return deployment;
    }
}
