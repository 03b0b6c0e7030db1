package io.modelmarket.server.verify;

import io.modelmarket.chain.Deployment;
import io.modelmarket.chain.TransactionSender;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.ModelCoin;
import java.math.BigInteger;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The server's verifier account ({@code modelmarket.verifier.private-key}): its address, the market and the token as
 * it reads them, and transactions signed with its key. The wrappers encode calls and read views; the
 * {@link TransactionSender} estimates gas, prices and signs.
 */
@Component
@ConditionalOnExpression("'${modelmarket.chain.enabled:true}' == 'true' && '${modelmarket.verifier.private-key:}' != ''")
class VerifierAccount {
    private final String address;
    private final BountyMarket market;
    private final ModelCoin token;
    private final TransactionSender sender;

    VerifierAccount(Web3j web3j, Deployment deployment, VerifierProperties properties) {
        Credentials credentials = Credentials.create(properties.privateKey());
        this.address = credentials.getAddress().toLowerCase();
        var readOnly = new ReadonlyTransactionManager(web3j, address);
        this.market = BountyMarket.load(deployment.bountyMarket(), web3j, readOnly, new DefaultGasProvider());
        this.token = ModelCoin.load(deployment.modelCoin(), web3j, readOnly, new DefaultGasProvider());
        this.sender = new TransactionSender(web3j, credentials, deployment.chainId());
    }

    /** The account's address, lower case. */
    String address() {
        return address;
    }

    BountyMarket market() {
        return market;
    }

    ModelCoin token() {
        return token;
    }

    /** Sends {@code call} (an encoded function call) to the market with {@code value} wei, and waits until it is mined. */
    TransactionReceipt sendToMarket(String call, BigInteger value) throws Exception {
        return sender.send(market.getContractAddress(), call, value);
    }

    /** Sends {@code call} to the token and waits until it is mined. */
    TransactionReceipt sendToToken(String call) throws Exception {
        return sender.send(token.getContractAddress(), call, BigInteger.ZERO);
    }
}
