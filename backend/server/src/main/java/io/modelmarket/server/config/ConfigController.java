package io.modelmarket.server.config;

import io.modelmarket.server.chain.ChainProperties;
import io.modelmarket.chain.Deployment;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.ModelCoin;
import io.modelmarket.protocol.Wei;
import io.modelmarket.server.verify.VerifierService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/** What a wallet-facing client (the web UI) needs to know about the chain this server follows. */
@RestController
@ConditionalOnProperty(name = "modelmarket.chain.enabled", havingValue = "true", matchIfMissing = true)
class ConfigController {
    /**
     * @param bountyMarket the address of the market the server follows and wallets send to: BountyMarket
     * @param rpcUrl the RPC URL a wallet may add for this chain, or null (see {@link ChainProperties#walletRpcUrl()}):
     *     never a URL that carries credentials
     * @param airdropAmount ModelCoin's faucet amount in wei (zero: no faucet on this network)
     * @param verifier the server's verifier account, or null when the server verifies nothing
     * @param protocolVersion the protocol of {@code bountyMarket}: 2
     * @param arbitrator the ERC-792 arbitrator of the market's disputes (fixed at its deployment)
     * @param arbitrationCost what a dispute costs now, in wei: the fee bond a requester sends with a new bounty and
     *     the fee a disputer sends (read from the market at each request: the arbitrator may change its price)
     */
    record ChainConfig(long chainId, String rpcUrl, String modelCoin, String bountyMarket, long deployBlock, Wei airdropAmount,
            String verifier, int protocolVersion, String arbitrator, Wei arbitrationCost) {}

    private static final int PROTOCOL_VERSION = 2;

    private final Deployment deployment;
    private final ChainProperties properties;
    private final ObjectProvider<VerifierService> verifier;
    private final ModelCoin token;
    private final BountyMarket market;
    private Wei airdropAmount;

    ConfigController(Deployment deployment, ChainProperties properties, ObjectProvider<VerifierService> verifier, Web3j web3j) {
        this.deployment = deployment;
        this.properties = properties;
        this.verifier = verifier;
        ReadonlyTransactionManager reader = new ReadonlyTransactionManager(web3j, deployment.bountyMarket());
        this.token = ModelCoin.load(deployment.modelCoin(), web3j, reader, new DefaultGasProvider());
        this.market = BountyMarket.load(deployment.bountyMarket(), web3j, reader, new DefaultGasProvider());
    }

    @GetMapping("/api/config")
    ChainConfig config() throws Exception {
        if (airdropAmount == null) {
            airdropAmount = Wei.of(token.airdropAmount().send()); // immutable in the contract
        }
        VerifierService service = verifier.getIfAvailable();
        return new ChainConfig(deployment.chainId(), properties.walletRpcUrl(), deployment.modelCoin(), deployment.bountyMarket(),
                deployment.deployBlock(), airdropAmount, service == null ? null : service.address(), PROTOCOL_VERSION, deployment.arbitrator(),
                Wei.of(market.arbitrationCost().send()));
    }
}
