package io.modelmarket.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.contracts.testing.HardhatAccounts;
import io.modelmarket.contracts.testing.EvmNode;
import io.modelmarket.contracts.testing.EvmNodeExtension;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/** The generated wrappers deploy, transact, read structs and decode events on a real development node (Hardhat, or Anvil). */
@ExtendWith(EvmNodeExtension.class)
class BountyMarketWrapperIT {
    private static final BigInteger MDC = BigInteger.TEN.pow(18);
    private static final long HARDHAT_CHAIN_ID = 31337;

    @Test
    void createsABountyAndReadsItBack(EvmNode node) throws Exception {
        Web3j web3j = Web3j.build(new HttpService(node.rpcUrl()));
        Credentials deployer = HardhatAccounts.account(0);
        var gas = new DefaultGasProvider();
        var tx = new RawTransactionManager(web3j, deployer, HARDHAT_CHAIN_ID);
        ModelCoin coin = ModelCoin.deploy(web3j, tx, gas, deployer.getAddress(), MDC.multiply(BigInteger.valueOf(1000))).send();
        BountyMarket market = BountyMarket.deploy(web3j, tx, gas, coin.getContractAddress()).send();
        assertThat(market.token().send()).isEqualToIgnoringCase(coin.getContractAddress());

        BigInteger reward = MDC.multiply(BigInteger.valueOf(100));
        coin.mint(deployer.getAddress(), reward).send();
        coin.approve(market.getContractAddress(), reward).send();
        byte[] labels = {0, 1, 2, 1};
        byte[] salt = new byte[32];
        salt[31] = 7;
        byte[] bountyId = market.nextBountyId(deployer.getAddress()).send();
        byte[] commitment = market.groundTruthCommitment(bountyId, labels, salt).send();
        BigInteger now = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp();

        TransactionReceipt receipt = market.createBounty(new BountyMarket.BountyParams(
                        "bafkreitraining", "bafkreitest", "bafkreimeta", commitment, reward, MDC,
                        now.add(BigInteger.valueOf(600)), BigInteger.valueOf(3600), BigInteger.valueOf(labels.length),
                        BigInteger.valueOf(3), BigInteger.TEN, "0x0000000000000000000000000000000000000000", BigInteger.ZERO))
                .send();

        List<BountyMarket.BountyCreatedEventResponse> created = BountyMarket.getBountyCreatedEvents(receipt);
        assertThat(created).hasSize(1);
        assertThat(created.get(0).bountyId).isEqualTo(bountyId);
        assertThat(created.get(0).testInputsCid).isEqualTo("bafkreitest");
        BountyMarket.Bounty stored = market.getBounty(bountyId).send();
        assertThat(stored.requester).isEqualToIgnoringCase(deployer.getAddress());
        assertThat(stored.escrow).isEqualTo(reward);
        assertThat(market.phaseOf(bountyId).send()).isEqualTo(BigInteger.ONE); // Open

        // A reverted transaction fails, and its custom error (the revert data of the same call, which every
        // client returns alike; the wording of the transaction's failure message differs) reads as a sentence.
        assertThatThrownBy(() -> market.cancelBounty(new byte[32]).send()).isInstanceOf(TransactionException.class);
        EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(deployer.getAddress(), market.getContractAddress(),
                market.cancelBounty(new byte[32]).encodeFunctionCall()), DefaultBlockParameterName.LATEST).send();
        assertThat(call.hasError()).isTrue();
        assertThat(RevertReasons.V1.decode(call.getError().getData().replace("\"", "")))
                .isEqualTo("BountyNotFound(bountyId=0x" + "00".repeat(32) + ")");
        web3j.shutdown();
    }
}
