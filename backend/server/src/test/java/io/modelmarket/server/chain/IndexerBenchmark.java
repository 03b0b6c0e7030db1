package io.modelmarket.server.chain;

import io.modelmarket.chain.Deployment;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.testing.HardhatAccounts;
import io.modelmarket.contracts.testing.LocalChain;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Indexer catch-up speed, run by scripts/bench-server: creates N bounties on a Hardhat node (two events
 * each), then times one poll that indexes them all into an H2 file database, which the load test then
 * serves. Arguments: [bounties, default 10000] [database file, default target/bench/modelmarket-db].
 */
public final class IndexerBenchmark {
    public static void main(String[] args) throws Exception {
        int bounties = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path database = Path.of(args.length > 1 ? args[1] : "target/bench/modelmarket-db").toAbsolutePath();
        Files.createDirectories(database.getParent());
        Files.deleteIfExists(Path.of(database + ".mv.db"));
        try (LocalChain chain = LocalChain.start()) {
            Credentials requester = HardhatAccounts.account(1);
            BigInteger reward = LocalChain.MDC;
            chain.fund(requester.getAddress(), reward.multiply(BigInteger.valueOf(bounties)));
            chain.coinAs(requester).approve(chain.marketAddress, reward.multiply(BigInteger.valueOf(bounties))).send();
            long start = System.nanoTime();
            createBounties(chain, requester, bounties, reward);
            System.out.printf(Locale.ROOT, "created %d bounties in %.1f s%n", bounties, (System.nanoTime() - start) / 1e9);

            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL("jdbc:h2:file:" + database);
            dataSource.setUser("sa");
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/migration-h2").load().migrate();
            ChainIndexRepository index = new ChainIndexRepository(JdbcClient.create(dataSource));
            Deployment deployment = new Deployment(LocalChain.CHAIN_ID, chain.coinAddress, chain.marketAddress, chain.deployBlock);
            ChainProperties properties = new ChainProperties(chain.node.rpcUrl(), Path.of("unused"), 0, true, Duration.ofSeconds(1), 2000, null);
            ChainIndexer indexer = new ChainIndexer(chain.web3j, deployment, properties, index,
                    new TransactionTemplate(new DataSourceTransactionManager(dataSource)), new BountyProjection(index));
            start = System.nanoTime();
            ChainIndexer.PollResult result = indexer.pollOnce();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "indexed %d events from %d blocks in %.2f s: %.0f events/s (H2 file database)%n",
                    result.newEvents(), result.indexedTo() - chain.deployBlock + 1, seconds, result.newEvents() / seconds);
            System.out.println("database: " + database);
        }
    }

    /** Sends the creations without waiting for each receipt (Hardhat mines every transaction at once). */
    private static void createBounties(LocalChain chain, Credentials requester, int count, BigInteger reward) throws Exception {
        BountyMarket market = chain.marketAs(requester);
        RawTransactionManager manager = chain.manager(requester);
        BigInteger deadline = chain.web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp()
                .add(BigInteger.valueOf(30L * 86400));
        String last = null;
        for (int i = 0; i < count; i++) {
            String data = market.createBounty(new BountyMarket.BountyParams("bafkreitraining" + i, "bafkreitest" + i, "bafkreimeta" + i,
                    new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32},
                    reward, reward, deadline, BigInteger.valueOf(3600), BigInteger.valueOf(100), BigInteger.TEN, BigInteger.TEN,
                    "0x0000000000000000000000000000000000000000", BigInteger.valueOf(i))).encodeFunctionCall();
            EthSendTransaction sent = manager.sendTransaction(LocalChain.GAS.getGasPrice(), BigInteger.valueOf(1_000_000), chain.marketAddress, data, BigInteger.ZERO);
            if (sent.hasError()) {
                throw new IllegalStateException("bounty " + i + ": " + sent.getError().getMessage());
            }
            last = sent.getTransactionHash();
        }
        new PollingTransactionReceiptProcessor(chain.web3j, 50, 200).waitForTransactionReceipt(last);
    }
}
