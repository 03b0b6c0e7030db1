package io.modelmarket.testing;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.DevelopmentArbitrator;
import io.modelmarket.contracts.ModelCoin;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * A development node (Hardhat, or Anvil in the build's Anvil run: {@link EvmNode}) with ModelCoin,
 * DevelopmentArbitrator (Kleros's reference centralized arbitrator, ruled by its deployer, account #0:
 * {@link #ARBITRATOR_OWNER}) and BountyMarket deployed (faucet off) and a deployment file written, for
 * integration tests of the server and the CLI.
 */
public final class LocalChain implements AutoCloseable {
    public static final long CHAIN_ID = 31337;
    public static final BigInteger MDC = BigInteger.TEN.pow(18);
    public static final DefaultGasProvider GAS = new DefaultGasProvider();
    /** The account that deploys the contracts and so owns the arbitrator: the one that rules disputes. */
    public static final Credentials ARBITRATOR_OWNER = HardhatAccounts.account(0);

    public final EvmNode node;
    public final Web3j web3j;
    public final String coinAddress;
    public final String marketAddress;
    public final String arbitratorAddress;
    public final long deployBlock;
    private final Path deploymentFile;

    private LocalChain(EvmNode node, Web3j web3j, String coinAddress, String marketAddress, String arbitratorAddress, long deployBlock,
            Path deploymentFile) {
        this.node = node;
        this.web3j = web3j;
        this.coinAddress = coinAddress;
        this.marketAddress = marketAddress;
        this.arbitratorAddress = arbitratorAddress;
        this.deployBlock = deployBlock;
        this.deploymentFile = deploymentFile;
    }

    public static LocalChain start() throws Exception {
        EvmNode node = EvmNode.start();
        Web3j web3j = Web3j.build(new HttpService(node.rpcUrl()));
        Credentials deployer = ARBITRATOR_OWNER;
        RawTransactionManager manager = manager(web3j, deployer);
        ModelCoin coin = ModelCoin.deploy(web3j, manager, GAS, deployer.getAddress(), BigInteger.ZERO).send();
        DevelopmentArbitrator arbitrator = DevelopmentArbitrator.deploy(web3j, manager, GAS).send();
        BountyMarket market = BountyMarket.deploy(web3j, manager, GAS, coin.getContractAddress(), arbitrator.getContractAddress(), new byte[0],
                "", "").send();
        long deployBlock = market.getTransactionReceipt().orElseThrow().getBlockNumber().longValue();
        Path deployment = Files.createTempFile("deployment-", ".json");
        Files.writeString(deployment, "{\"chainId\":" + CHAIN_ID + ",\"modelCoin\":\"" + coin.getContractAddress()
                + "\",\"bountyMarket\":\"" + market.getContractAddress() + "\",\"arbitrator\":\"" + arbitrator.getContractAddress()
                + "\",\"deployBlock\":" + deployBlock + "}");
        return new LocalChain(node, web3j, coin.getContractAddress(), market.getContractAddress(), arbitrator.getContractAddress(), deployBlock,
                deployment);
    }

    /** The deployment record ({@code deployments/chain-<id>.json} format) of this chain's contracts. */
    public Path deploymentFile() {
        return deploymentFile;
    }

    public RawTransactionManager manager(Credentials credentials) {
        return manager(web3j, credentials);
    }

    /**
     * A manager that asks for a receipt every 50 ms. Web3j's default waits 15 s (a mainnet block) whenever the first
     * ask comes too early, which Anvil, mining a moment after it answers the send, makes happen often: the Anvil runs
     * of the integration tests spent most of their time in those waits.
     */
    public static RawTransactionManager manager(Web3j web3j, Credentials credentials) {
        return new RawTransactionManager(web3j, credentials, CHAIN_ID, new PollingTransactionReceiptProcessor(web3j, 50, 2400));
    }

    public ModelCoin coinAs(Credentials credentials) {
        return ModelCoin.load(coinAddress, web3j, manager(credentials), GAS);
    }

    public BountyMarket marketAs(Credentials credentials) {
        return BountyMarket.load(marketAddress, web3j, manager(credentials), GAS);
    }

    public DevelopmentArbitrator arbitratorAs(Credentials credentials) {
        return DevelopmentArbitrator.load(arbitratorAddress, web3j, manager(credentials), GAS);
    }

    /** The ether {@code account} holds, in wei. */
    public BigInteger etherBalance(String account) throws IOException {
        return web3j.ethGetBalance(account, DefaultBlockParameterName.LATEST).send().getBalance();
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
