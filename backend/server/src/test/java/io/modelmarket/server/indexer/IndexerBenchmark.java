package io.modelmarket.server.indexer;

import io.modelmarket.server.chain.ChainClock;
import io.modelmarket.server.chain.ChainProperties;
import io.modelmarket.chain.Deployment;
import io.modelmarket.testing.LocalChain;
import io.modelmarket.server.testing.BountyMaker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Indexer catch-up speed, run by scripts/bench-server: creates N bounties on a Hardhat node (two events
 * each), then times one poll that indexes them all into the database, which the load test then serves.
 * Arguments: [bounties, default 10000] [database: an H2 file (default target/bench/modelmarket-db), or a
 * {@code jdbc:postgresql:} URL of an empty database, user {@code modelmarket}].
 */
public final class IndexerBenchmark {
    public static void main(String[] args) throws Exception {
        int bounties = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String database = args.length > 1 ? args[1] : "target/bench/modelmarket-db";
        DataSource dataSource = database.startsWith("jdbc:postgresql:") ? new DriverManagerDataSource(database, "modelmarket", "") : h2File(Path.of(database));
        try (LocalChain chain = LocalChain.start()) {
            long start = System.nanoTime();
            new BountyMaker(chain, bounties).create(bounties, Duration.ZERO);
            System.out.printf(Locale.ROOT, "created %d bounties in %.1f s%n", bounties, (System.nanoTime() - start) / 1e9);

            String vendor = database.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/migration-" + vendor).load().migrate();
            JdbcClient db = JdbcClient.create(dataSource);
            IndexedBlocks blocks = new IndexedBlocks(db);
            ChainEvents events = new ChainEvents(db);
            Deployment deployment = new Deployment(LocalChain.CHAIN_ID, chain.coinAddress, chain.marketAddress, chain.arbitratorAddress, chain.deployBlock);
            ChainProperties properties = new ChainProperties(chain.node.rpcUrl(), Path.of("unused"), 0, true, Duration.ofSeconds(1), 2000, null);
            ChainIndexer indexer = new ChainIndexer(chain.web3j, deployment, properties, blocks, events,
                    new TransactionTemplate(new DataSourceTransactionManager(dataSource)), new BountyProjection(new BountyReadModel(db), events, new BountyDisputes(db)),
                    new IndexerLease(db, new IndexerLeaseProperties("benchmark", Duration.ofHours(1)), Clock.systemUTC()), new ChainClock());
            start = System.nanoTime();
            ChainIndexer.PollResult result = indexer.pollOnce();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "indexed %d events from %d blocks in %.2f s: %.0f events/s (%s)%n", result.newEvents(),
                    result.indexedTo() - chain.deployBlock + 1, seconds, result.newEvents() / seconds,
                    database.startsWith("jdbc:") ? "PostgreSQL" : "H2 file database");
            System.out.println("database: " + database);
        }
    }

    private static DataSource h2File(Path file) throws Exception {
        Path database = file.toAbsolutePath();
        Files.createDirectories(database.getParent());
        Files.deleteIfExists(Path.of(database + ".mv.db"));
        return new DriverManagerDataSource("jdbc:h2:file:" + database, "sa", "");
    }
}
