package io.modelmarket.server.cluster;

import io.modelmarket.testing.LocalChain;
import io.modelmarket.server.testing.ChainIndexCheck;
import io.modelmarket.server.testing.ServerProcess;
import io.modelmarket.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the multi-process tests share: one PostgreSQL server of their own (they stop and restart it), one
 * EVM node with the contracts, and the packaged servers they start on that database, each stopped by PID
 * on {@link #close()}.
 */
final class ServerCluster implements AutoCloseable {
    final PostgresServer postgres;
    final LocalChain chain;
    final String databaseUrl;
    final ChainIndexCheck index;
    private final Path ipfsFolder;
    private final List<ServerProcess> servers = new ArrayList<>();

    private ServerCluster(PostgresServer postgres, LocalChain chain, String databaseUrl, Path ipfsFolder) {
        this.postgres = postgres;
        this.chain = chain;
        this.databaseUrl = databaseUrl;
        this.ipfsFolder = ipfsFolder;
        this.index = new ChainIndexCheck(chain, databaseUrl, PostgresServer.USER);
    }

    static ServerCluster start(String database) throws Exception {
        PostgresServer postgres = PostgresServer.start();
        try {
            return new ServerCluster(postgres, LocalChain.start(), postgres.createDatabase(database), Files.createTempDirectory("modelmarket-ipfs-"));
        } catch (Exception | Error e) {
            postgres.close();
            throw e;
        }
    }

    /**
     * Starts a server named {@code serverId} on the database and the chain at {@code rpcUrl}: polling every
     * 200 ms, a 2 s indexer lease, database calls that give up after 2 s; {@code extra} properties on top.
     */
    ServerProcess startServer(String serverId, String rpcUrl, Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "spring.datasource.url", databaseUrl,
                "spring.datasource.username", PostgresServer.USER,
                "spring.datasource.hikari.connection-timeout", "2000",
                "modelmarket.chain.rpc-url", rpcUrl,
                "modelmarket.chain.deployment-file", chain.deploymentFile().toString(),
                "modelmarket.chain.poll-interval", "200ms",
                "modelmarket.indexer.server-id", serverId,
                "modelmarket.indexer.duration", "2s",
                "modelmarket.ipfs.path", ipfsFolder.resolve(serverId).toString()));
        properties.putAll(extra);
        ServerProcess server = ServerProcess.start(serverId, properties);
        servers.add(server);
        return server;
    }

    @Override
    public void close() throws Exception {
        servers.forEach(ServerProcess::close);
        try {
            chain.close();
        } finally {
            postgres.close();
        }
    }
}
