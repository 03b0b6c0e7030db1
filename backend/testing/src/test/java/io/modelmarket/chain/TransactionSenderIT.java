package io.modelmarket.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.DevelopmentArbitrator;
import io.modelmarket.contracts.ModelCoin;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.EvmNode;
import io.modelmarket.testing.EvmNodeExtension;
import io.modelmarket.testing.LocalChain;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/** Local-key transactions on a development node (Hardhat, or Anvil): back-to-back nonces, and reverts explained before and after mining. */
@ExtendWith(EvmNodeExtension.class)
class TransactionSenderIT {
    private static final long CHAIN_ID = 31337;

    @Test
    void sendsBackToBackAndExplainsReverts(EvmNode node) throws Exception {
        Web3j web3j = Web3j.build(new HttpService(node.rpcUrl()));
        Credentials owner = HardhatAccounts.account(0);
        DefaultGasProvider gas = new DefaultGasProvider();
        ModelCoin coin = ModelCoin.deploy(web3j, LocalChain.manager(web3j, owner), gas, owner.getAddress(), BigInteger.TEN).send();
        DevelopmentArbitrator arbitrator = DevelopmentArbitrator.deploy(web3j, LocalChain.manager(web3j, owner), gas).send();
        BountyMarket market = BountyMarket.deploy(web3j, LocalChain.manager(web3j, owner), gas, coin.getContractAddress(),
                arbitrator.getContractAddress(), new byte[0], "", "").send();
        Credentials user = HardhatAccounts.account(4);
        TransactionSender sender = new TransactionSender(web3j, user, CHAIN_ID);
        ModelCoin coinForEncoding = ModelCoin.load(coin.getContractAddress(), web3j, new ReadonlyTransactionManager(web3j, user.getAddress()), gas);

        // Three transactions in a row: the sender numbers them itself.
        sender.send(coin.getContractAddress(), coinForEncoding.claimAirdrop().encodeFunctionCall(), BigInteger.ZERO);
        for (int i = 0; i < 2; i++) {
            sender.send(coin.getContractAddress(), coinForEncoding.approve(market.getContractAddress(), BigInteger.valueOf(i)).encodeFunctionCall(), BigInteger.ZERO);
        }
        assertThat(coin.balanceOf(user.getAddress()).send()).isEqualTo(BigInteger.TEN);

        // A second airdrop would revert: refused before sending, in words.
        assertThatThrownBy(() -> sender.send(coin.getContractAddress(), coinForEncoding.claimAirdrop().encodeFunctionCall(), BigInteger.ZERO))
                .isInstanceOf(ChainException.class)
                .hasMessage("the transaction would revert: AirdropAlreadyClaimed(account=" + user.getAddress().toLowerCase() + ")");

        BountyMarket marketForEncoding = BountyMarket.load(market.getContractAddress(), web3j, new ReadonlyTransactionManager(web3j, user.getAddress()), gas);
        byte[] unknownBounty = new byte[32];
        unknownBounty[31] = 9;
        String advance = marketForEncoding.advance(unknownBounty).encodeFunctionCall();
        assertThatThrownBy(() -> sender.send(market.getContractAddress(), advance, BigInteger.ZERO))
                .hasMessage("the transaction would revert: BountyNotFound(bountyId=0x" + "00".repeat(31) + "09)");

        // After refusals the nonce is still right.
        sender.send(coin.getContractAddress(), coinForEncoding.approve(market.getContractAddress(), BigInteger.TWO).encodeFunctionCall(), BigInteger.ZERO);
        assertThat(coin.allowance(user.getAddress(), market.getContractAddress()).send()).isEqualTo(BigInteger.TWO);
        web3j.shutdown();
    }
}
