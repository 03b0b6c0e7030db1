package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.modelmarket.testing.LocalChain;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.SandboxedVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * The packaged CLI ({@link CliProcess}) on a {@link LocalChain}, as one account or another: each command gets the chain's
 * {@code --rpc} and {@code --deployment}, and the account's key in {@code $MODELMARKET_PRIVATE_KEY}. The content store is
 * the default one, .run/ipfs in the working folder.
 */
final class ChainCli {
    private final CliProcess cli;
    private final LocalChain chain;

    ChainCli(Path workingDirectory, LocalChain chain) {
        this.cli = new CliProcess(workingDirectory);
        this.chain = chain;
    }

    /** Runs a command as {@code account}. */
    CliProcess.Result run(Credentials account, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--rpc", chain.node.rpcUrl(), "--deployment", chain.deploymentFile().toString()));
        return cli.run(key(account), all);
    }

    /**
     * Runs a command that must succeed and print nothing but its own messages: no JDK warning ({@code WARNING:}
     * lines, e.g. protobuf's sun.misc.Unsafe during a model check) and no library log ({@code INFO:}, Tribuo's).
     */
    CliProcess.Result ok(Credentials account, String... args) throws Exception {
        CliProcess.Result result = run(account, args);
        assertThat(result.exit()).as("modelmarket " + String.join(" ", args) + "\n" + result.out() + result.err()).isZero();
        assertThat(result.err().lines()).as("standard error of modelmarket " + String.join(" ", args))
                .noneMatch(line -> line.startsWith("WARNING:") || line.startsWith("INFO:"));
        return result;
    }

    /** The command failed with exit code 1 and an error line (after any progress lines) that starts with {@code error}. */
    /** What the model predicts on {@code testInputs} (3 features, 3 classes), as a verifier runs it. */
    static byte[] predictions(Path model, Path testInputs) throws Exception {
        int[] predicted = new SandboxedVerifier(ModelLimits.defaults()).predict(Files.readAllBytes(model), testInputs, 3, 3, null);
        byte[] predictions = new byte[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            predictions[i] = (byte) predicted[i];
        }
        return predictions;
    }

    static void assertFails(CliProcess.Result result, String error) {
        assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.err().lines().filter(line -> line.startsWith("error: "))).as(result.err()).singleElement(STRING).startsWith(error);
    }

    /** The environment that gives a command {@code account}'s key. */
    static Map<String, String> key(Credentials account) {
        return Map.of("MODELMARKET_PRIVATE_KEY", Numeric.toHexStringWithPrefixZeroPadded(account.getEcKeyPair().getPrivateKey(), 64));
    }

    /**
     * {@code args} with the options in {@code replaced} (name and value pairs, and optionally a flag last) set to those values:
     * an option already there gets the new value, any other is added.
     */
    static String[] with(List<String> args, String... replaced) {
        List<String> all = new ArrayList<>(args);
        for (int i = 0; i < replaced.length; i += 2) {
            int at = all.indexOf(replaced[i]);
            if (i + 1 == replaced.length) {
                all.add(replaced[i]);
            } else if (at >= 0) {
                all.set(at + 1, replaced[i + 1]);
            } else {
                all.addAll(List.of(replaced[i], replaced[i + 1]));
            }
        }
        return all.toArray(String[]::new);
    }

    /** The underlying process runner, for a command with an environment of its own. */
    CliProcess process() {
        return cli;
    }
}
