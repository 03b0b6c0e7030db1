package io.modelmarket.cli;

import io.modelmarket.protocol.Bytes32;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the market: it connects as {@link ChainOptions} say and always disconnects. */
abstract class MarketCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ChainOptions chainOptions;

    @Override
    public final Integer call() throws Exception {
        try (MarketConnection chain = chainOptions.connect()) {
            return run(chain);
        } finally {
            out().flush();
        }
    }

    abstract int run(MarketConnection chain) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    static Bytes32 bountyId(String text) {
        if (text == null || !text.matches("0x[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("a bounty id is 0x and 64 hex digits, got '" + text + "'");
        }
        return Bytes32.fromHex(text);
    }
}
