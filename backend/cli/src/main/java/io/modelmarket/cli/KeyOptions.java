package io.modelmarket.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import picocli.CommandLine.Option;

/**
 * Whose key signs: an encrypted JSON keystore (password from {@code MODELMARKET_KEYSTORE_PASSWORD} or the
 * terminal) or a key in an environment variable, never a command-line argument (it would end up in the shell
 * history and in every process listing).
 */
final class KeyOptions {
    static final String DEFAULT_KEY_VARIABLE = "MODELMARKET_PRIVATE_KEY";
    static final String PASSWORD_VARIABLE = "MODELMARKET_KEYSTORE_PASSWORD";

    @Option(names = "--keystore", paramLabel = "FILE", converter = FileErrors.Readable.class,
            description = "Encrypted JSON keystore (Ethereum V3) of the signing account; the password comes from $"
                    + PASSWORD_VARIABLE + " or is asked for.")
    Path keystore;

    @Option(names = "--key-env", paramLabel = "NAME", defaultValue = DEFAULT_KEY_VARIABLE,
            description = "Environment variable holding the signing key as hex (default: ${DEFAULT-VALUE}).")
    String keyVariable;

    Credentials credentials() throws IOException {
        if (keystore != null) {
            if (!Files.isRegularFile(keystore)) {
                throw new IOException("no keystore file at " + keystore);
            }
            try {
                return WalletUtils.loadCredentials(password(), keystore.toFile());
            } catch (CipherException e) {
                throw new IOException("cannot open the keystore " + keystore + ": wrong password or damaged file", e);
            }
        }
        String key = System.getenv(keyVariable);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("no signing key: pass --keystore FILE, or put the key in $" + keyVariable
                    + " (keys are never taken from the command line)");
        }
        String hex = key.strip();
        if (!hex.matches("(0x)?[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("$" + keyVariable + " is not a private key (64 hex digits, optionally after 0x)");
        }
        return Credentials.create(hex);
    }

    private static String password() throws IOException {
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password != null) {
            return password;
        }
        Console console = System.console();
        if (console == null) {
            throw new IOException("the keystore needs a password: set $" + PASSWORD_VARIABLE + " (no terminal to ask on)");
        }
        return new String(console.readPassword("Keystore password: "));
    }
}
