package io.modelmarket.testing;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.ModelCoin;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * A development node (Hardhat, or Anvil in the build's Anvil run: {@link EvmNode}) with ModelCoin and
 * BountyMarket deployed (faucet off) and a deployment file written, for integration tests of the server
 * and the CLI.
 */
public final class LocalChain implements AutoCloseable {
    public static final long CHAIN_ID = 31337;
    public static final BigInteger MDC = BigInteger.TEN.pow(18);
    public static final DefaultGasProvider GAS = new DefaultGasProvider();

    public final EvmNode node;
    public final Web3j web3j;
    public final String coinAddress;
    public final String marketAddress;
    public final long deployBlock;
    private final Path deploymentFile;

    private LocalChain(EvmNode node, Web3j web3j, String coinAddress, String marketAddress, long deployBlock, Path deploymentFile) {
        this.node = node;
        this.web3j = web3j;
        this.coinAddress = coinAddress;
        this.marketAddress = marketAddress;
        this.deployBlock = deployBlock;
        this.deploymentFile = deploymentFile;
    }

    public static LocalChain start() throws Exception {
        EvmNode node = EvmNode.start();
        Web3j web3j = Web3j.build(new HttpService(node.rpcUrl()));
        Credentials deployer = HardhatAccounts.account(0);
        RawTransactionManager manager = new RawTransactionManager(web3j, deployer, CHAIN_ID);
        ModelCoin coin = ModelCoin.deploy(web3j, manager, GAS, deployer.getAddress(), BigInteger.ZERO).send();
        BountyMarket market = BountyMarket.deploy(web3j, manager, GAS, coin.getContractAddress()).send();
        long deployBlock = market.getTransactionReceipt().orElseThrow().getBlockNumber().longValue();
        Path deployment = Files.createTempFile("deployment-", ".json");
        Files.writeString(deployment, "{\"chainId\":" + CHAIN_ID + ",\"modelCoin\":\"" + coin.getContractAddress()
                + "\",\"bountyMarket\":\"" + market.getContractAddress() + "\",\"deployBlock\":" + deployBlock + "}");
        return new LocalChain(node, web3j, coin.getContractAddress(), market.getContractAddress(), deployBlock, deployment);
    }

    /** The deployment record ({@code deployments/chain-<id>.json} format) of this chain's contracts. */
    public Path deploymentFile() {
        return deploymentFile;
    }

    public RawTransactionManager manager(Credentials credentials) {
        return new RawTransactionManager(web3j, credentials, CHAIN_ID);
    }

    public ModelCoin coinAs(Credentials credentials) {
        return ModelCoin.load(coinAddress, web3j, manager(credentials), GAS);
    }

    public BountyMarket marketAs(Credentials credentials) {
        return BountyMarket.load(marketAddress, web3j, manager(credentials), GAS);
    }

    /** Mints {@code amount} ModelCoin to {@code account}. */
    public void fund(String account, BigInteger amount) throws Exception {
        coinAs(HardhatAccounts.account(0)).mint(account, amount).send();
    }

    @Override
    public void close() throws IOException {
        web3j.shutdown();
        node.close();
        Files.deleteIfExists(deploymentFile);
    }
}
