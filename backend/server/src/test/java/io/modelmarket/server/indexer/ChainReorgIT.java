package io.modelmarket.server.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.server.LocalChainProperties;
import io.modelmarket.server.TestDatabaseProperties;
import io.modelmarket.server.testing.SmallBounties;
import io.modelmarket.testing.AnvilNode;
import io.modelmarket.testing.HardhatAccounts;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.testing.LocalChainExtension;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * The indexer through real chain reorganizations (Anvil's {@code anvil_reorg}: the last blocks replaced by new
 * ones with other hashes and other transactions), at depth 1 (inside the confirmation depth: nothing indexed
 * yet), 3 (just past it) and 6 (well past it). After each, the index equals a fresh index of the new chain,
 * the orphaned blocks' events are gone, and no submission is counted twice. Runs in the build's Anvil run only.
 */
@ExtendWith(LocalChainExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EnabledIfSystemProperty(named = "modelmarket.test.chain", matches = "anvil", disabledReason = "real reorganizations need Anvil")
class ChainReorgIT {
    private static final int CONFIRMATIONS = 2;
    private static LocalChain chain;

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) throws Exception {
        LocalChainProperties.register(registry, chain);
        TestDatabaseProperties.register(registry, "reorg-it");
        registry.add("modelmarket.chain.confirmations", () -> String.valueOf(CONFIRMATIONS));
    }

    @Autowired
    ChainIndexer indexer;

    @Autowired
    JdbcClient db;

    @Test
    void theIndexFollowsEveryReorganization() throws Exception {
        AnvilNode anvil = (AnvilNode) chain.node;
        String bounty = createBounty(HardhatAccounts.account(1));
        for (int trainer = 2; trainer <= 7; trainer++) {
            fundAndApprove(HardhatAccounts.account(trainer));
        }
        catchUp();

        // Depth 1, inside the confirmation depth: trainer 2's commit is replaced by trainer 3's before the
        // indexer, which stays two blocks behind the head, has read it.
        commit(bounty, HardhatAccounts.account(2));
        indexer.pollOnce();
        assertThat(committedTrainers(bounty)).isEmpty();
        anvil.reorg(1, List.of(signedCommit(bounty, HardhatAccounts.account(3))), List.of(0));
        catchUp();
        assertThat(committedTrainers(bounty)).containsExactly(address(3));

        // Depth 3, past the confirmation depth: trainer 4's commit was indexed, then its block is orphaned and
        // trainer 5 commits in the second of the three new blocks.
        commit(bounty, HardhatAccounts.account(4));
        catchUp();
        assertThat(committedTrainers(bounty)).containsExactly(address(3), address(4));
        anvil.reorg(3, List.of(signedCommit(bounty, HardhatAccounts.account(5))), List.of(1));
        catchUp();
        assertThat(committedTrainers(bounty)).containsExactly(address(3), address(5));

        // Depth 6, well past it: two indexed commits (trainers 6 and 7) are orphaned; the new branch holds none.
        commit(bounty, HardhatAccounts.account(6));
        commit(bounty, HardhatAccounts.account(7));
        catchUp();
        assertThat(committedTrainers(bounty)).containsExactly(address(3), address(5), address(6), address(7));
        anvil.reorg(6, List.of(), List.of());
        catchUp();
        assertThat(committedTrainers(bounty)).containsExactly(address(3), address(5));
        assertThat(db.sql("SELECT live_submissions FROM bounty WHERE id = ?").param(bounty).query(Integer.class).single()).isEqualTo(2);

        // What the indexer holds after all of that is exactly what a fresh index of the new chain holds.
        Map<String, List<Map<String, Object>>> followed = indexTables();
        db.sql("DELETE FROM chain_event").update();
        db.sql("DELETE FROM bounty").update();
        db.sql("DELETE FROM indexed_block").update();
        catchUp();
        assertThat(indexTables()).isEqualTo(followed);
    }

    /** Mines past the confirmation depth and polls until the indexer has read everything it may. */
    private void catchUp() throws Exception {
        chain.node.mine(CONFIRMATIONS);
        while (indexer.pollOnce().newEvents() > 0) {
            // a poll reads a bounded range; go on until nothing new comes
        }
    }

    private Map<String, List<Map<String, Object>>> indexTables() {
        return Map.of(
                "chain_event", db.sql("SELECT block_number, log_index, block_hash, tx_hash, event_name, bounty_id, payload FROM chain_event"
                        + " ORDER BY block_number, log_index").query().listOfRows(),
                "bounty", db.sql("SELECT * FROM bounty ORDER BY id").query().listOfRows());
    }

    private List<String> committedTrainers(String bounty) {
        return db.sql("SELECT trainer FROM chain_event WHERE bounty_id = ? AND event_name = 'ModelCommitted' ORDER BY block_number, log_index")
                .param(bounty).query(String.class).list();
    }

    private static String address(int account) {
        return HardhatAccounts.account(account).getAddress().toLowerCase();
    }

    private String createBounty(Credentials requester) throws Exception {
        return SmallBounties.create(chain, requester);
    }

    private void fundAndApprove(Credentials trainer) throws Exception {
        SmallBounties.fundAndApprove(chain, trainer);
    }

    private void commit(String bounty, Credentials trainer) throws Exception {
        SmallBounties.commit(chain, bounty, trainer);
    }

    /** A commit signed by {@code trainer} but not sent: it goes into a new branch through {@code anvil_reorg}. */
    private String signedCommit(String bounty, Credentials trainer) throws Exception {
        String data = chain.marketAs(trainer).commitModel(SmallBounties.id(bounty), SmallBounties.someCommitment()).encodeFunctionCall();
        BigInteger nonce = chain.web3j.ethGetTransactionCount(trainer.getAddress(), DefaultBlockParameterName.LATEST).send().getTransactionCount();
        RawTransaction transaction = RawTransaction.createTransaction(nonce, LocalChain.GAS.getGasPrice(), LocalChain.GAS.getGasLimit(),
                chain.marketAddress, data);
        return Numeric.toHexString(TransactionEncoder.signMessage(transaction, LocalChain.CHAIN_ID, trainer));
    }
}
