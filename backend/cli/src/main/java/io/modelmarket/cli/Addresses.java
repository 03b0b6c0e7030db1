package io.modelmarket.cli;

import java.util.Optional;
import org.web3j.crypto.Keys;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Account and contract addresses as the user types them: 0x and 40 hex digits, and when the letters are mixed case,
 * the EIP-55 checksum they then carry. A mistyped address would otherwise read as an empty account (a zero balance)
 * or send to nobody.
 */
final class Addresses {
    private Addresses() {}

    /** What is wrong with {@code text} as an address, if anything. */
    static Optional<String> problem(String text) {
        if (text == null || !text.matches("0x[0-9a-fA-F]{40}")) {
            String digits = text != null && text.startsWith("0x") ? " (it has " + (text.length() - 2) + " characters after 0x)" : "";
            return Optional.of("'" + text + "' is not an address: an address is 0x and 40 hex digits" + digits);
        }
        String hex = text.substring(2);
        boolean mixedCase = !hex.equals(hex.toLowerCase()) && !hex.equals(hex.toUpperCase());
        if (mixedCase && !Keys.toChecksumAddress(text).equals(text)) {
            return Optional.of("'" + text + "' is not an address: its mixed-case letters do not match the EIP-55 checksum"
                    + " (a typo?); copy it again, or write it in lower case");
        }
        return Optional.empty();
    }

    /** The type of an option or parameter that is an address: refused when the arguments are parsed. */
    static final class Converter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            problem(value).ifPresent(problem -> {
                throw new TypeConversionException(problem);
            });
            return value;
        }
    }
}
