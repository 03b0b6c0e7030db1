package io.modelmarket.cli;

import io.modelmarket.protocol.Bytes32;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * A command that talks to the market: it checks its arguments, connects as {@link ChainOptions} say and always
 * disconnects.
 */
abstract class MarketCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ChainOptions chainOptions;

    @Override
    public final Integer call() throws Exception {
        checkArguments();
        try (MarketConnection chain = chainOptions.connect()) {
            return run(chain);
        } finally {
            out().flush();
        }
    }

    /** Checks what can be checked without the chain (the files a command reads), so that a mistake fails first. */
    void checkArguments() throws Exception {}

    abstract int run(MarketConnection chain) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Fails before anything is done when a kit is to be written to {@code file} and one is there already. */
    static void requireNoKitAt(Path file) {
        if (file != null && Files.exists(file)) {
            throw new IllegalArgumentException(file + " exists already; a kit is never overwritten (choose another --kit path)");
        }
    }

    /** The type of a bounty id argument: 0x and 64 hex digits, refused when the arguments are parsed. */
    static final class BountyIdConverter implements ITypeConverter<Bytes32> {
        @Override
        public Bytes32 convert(String text) {
            if (text == null || !text.matches("0x[0-9a-fA-F]{64}")) {
                String digits = text != null && text.startsWith("0x") ? " (it has " + (text.length() - 2) + " characters after 0x)" : "";
                throw new TypeConversionException("'" + text + "' is not a bounty id: a bounty id is 0x and 64 hex digits" + digits);
            }
            return Bytes32.fromHex(text);
        }
    }
}
