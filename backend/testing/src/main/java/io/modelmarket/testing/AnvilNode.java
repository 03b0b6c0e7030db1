package io.modelmarket.testing;

import java.util.List;

/**
 * Foundry's Anvil, from the npm package {@code @foundry-rs/anvil-linux-amd64}: a second EVM client beside
 * Hardhat, and one that reorganizes its chain for real ({@code anvil_reorg}: the last blocks are replaced by
 * new ones with other hashes, as when a competing branch wins), not only rewinds it.
 */
public final class AnvilNode extends EvmNode {
    private AnvilNode(Process process, int port) {
        super(process, port);
    }

    public static AnvilNode start() {
        int port = LocalProcesses.freePort();
        return new AnvilNode(launch("anvil", "anvil", port, List.of("--host", "127.0.0.1", "--port", String.valueOf(port),
                "--chain-id", String.valueOf(LocalChain.CHAIN_ID), "--silent")), port);
    }

    /**
     * Replaces the last {@code depth} blocks by {@code depth} new ones (new hashes), into which the given
     * signed raw transactions are put: {@code transactions[i]} goes into the new block at offset
     * {@code blockOffsets[i]} (0 = the first replaced height). Transactions of the orphaned blocks are gone.
     */
    public void reorg(int depth, List<String> signedTransactions, List<Integer> blockOffsets) {
        StringBuilder txs = new StringBuilder("[");
        for (int i = 0; i < signedTransactions.size(); i++) {
            txs.append(i == 0 ? "" : ",").append("[\"").append(signedTransactions.get(i)).append("\",").append(blockOffsets.get(i)).append(']');
        }
        rpc("anvil_reorg", "[" + depth + "," + txs.append(']') + "]");
    }

    /** Removes the last {@code depth} blocks without replacing them ({@code anvil_rollback}). */
    public void rollback(int depth) {
        rpc("anvil_rollback", "[" + depth + "]");
    }
}
