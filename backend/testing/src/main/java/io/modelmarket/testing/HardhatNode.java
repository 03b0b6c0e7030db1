package io.modelmarket.testing;

import java.util.List;

/** Hardhat's node (the Hardhat binary itself, not npx, so that stopping its PID stops the node). */
public final class HardhatNode extends EvmNode {
    private HardhatNode(Process process, int port) {
        super(process, port);
    }

    public static HardhatNode start() {
        int port = LocalProcesses.freePort();
        return new HardhatNode(launch("hardhat", "hardhat", port, List.of("node", "--hostname", "127.0.0.1", "--port", String.valueOf(port))), port);
    }
}
