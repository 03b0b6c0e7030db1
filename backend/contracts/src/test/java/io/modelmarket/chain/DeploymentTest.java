package io.modelmarket.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentTest {
    private static final String COIN = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private static final String MARKET = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";
    private static final String ARBITRATOR = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";

    @TempDir
    Path folder;

    private Path record(String json) throws Exception {
        return Files.writeString(folder.resolve("chain-31337.json"), json);
    }

    @Test
    void readsTheRecordThatDeployWrites() throws Exception {
        Path file = record("{\"chainId\":31337,\"modelCoin\":\"" + COIN + "\",\"bountyMarket\":\"" + MARKET + "\",\"arbitrator\":\"" + ARBITRATOR + "\",\"deployBlock\":3}");
        assertThat(Deployment.read(file)).isEqualTo(new Deployment(31337, COIN, MARKET, ARBITRATOR, 3));
    }

    @Test
    void anOlderRecordNamesTheMarketBountyMarketV2AndAnyBountyMarketBesideItWasProtocolV1s() throws Exception {
        Path olderName = record("{\"chainId\":31337,\"modelCoin\":\"" + COIN + "\",\"bountyMarketV2\":\"" + MARKET + "\",\"arbitrator\":\"" + ARBITRATOR
                + "\",\"deployBlock\":2}");
        assertThat(Deployment.read(olderName).bountyMarket()).isEqualTo(MARKET);
        Path withV1 = record("{\"chainId\":31337,\"modelCoin\":\"" + COIN + "\",\"bountyMarket\":\"0xe7f1725e7734ce288f8367e1bb143e90bb3f0512\","
                + "\"bountyMarketV2\":\"" + MARKET + "\",\"arbitrator\":\"" + ARBITRATOR + "\",\"deployBlock\":2}");
        assertThat(Deployment.read(withV1).bountyMarket()).isEqualTo(MARKET);
    }

    @Test
    void refusesARecordWithoutTheMarketOrWithAnUnknownField() throws Exception {
        Path withoutMarket = record("{\"chainId\":31337,\"modelCoin\":\"" + COIN + "\",\"deployBlock\":2}");
        assertThatThrownBy(() -> Deployment.read(withoutMarket)).hasMessageContaining("'bountyMarket' is not an address");
        Path withoutArbitrator = record("{\"chainId\":31337,\"modelCoin\":\"" + COIN + "\",\"bountyMarket\":\"" + MARKET + "\",\"deployBlock\":2}");
        assertThatThrownBy(() -> Deployment.read(withoutArbitrator)).hasMessageContaining("'arbitrator' is not an address");
        Path unknownField = record("{\"chainId\":31337,\"modelCoin\":\"" + COIN + "\",\"bountyMarket\":\"" + MARKET + "\",\"deployBlock\":2,"
                + "\"bountyMarketV3\":\"" + MARKET + "\"}");
        assertThatThrownBy(() -> Deployment.read(unknownField)).hasMessageContaining("bountyMarketV3");
        assertThatThrownBy(() -> Deployment.read(folder.resolve("missing.json"))).hasMessageStartingWith("no deployment at");
    }
}
