package io.modelmarket.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Reading and writing kit files; a kit holds secrets, so its file is readable by its owner only. */
public final class Kits {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Kits() {}

    /** Writes {@code kit} to {@code file}, refusing to overwrite an existing file (it may be the only copy of a kit). */
    public static void write(Path file, Object kit) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IOException(file + " exists already; a kit is never overwritten (choose another path)", e);
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.write(file, JSON.writeValueAsBytes(kit), StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Replaces the kit in {@code file} with {@code kit}, a later stage of the same kit: written to a temporary file
     * (owner only) in the same folder that then takes the old one's place, so a crash leaves the old kit or the new
     * one, never half of either.
     */
    public static void replace(Path file, Object kit) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Path next = Files.createTempFile(folder, ".kit-", ".part", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(next, JSON.writeValueAsBytes(kit), StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(next);
        }
    }

    /** Reads a kit of type {@code type} from {@code file}, naming the file in every error. */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no kit file at " + file);
        }
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    static void checkKind(String expected, String actual, String what) {
        if (!expected.equals(actual)) {
            throw new IllegalArgumentException("not a " + what + " (kind must be '" + expected + "', is '" + actual + "')");
        }
    }

    static void checkMarket(long chainId, String market, long expectedChainId, String expectedMarket) {
        if (chainId != expectedChainId || market == null || !market.equalsIgnoreCase(expectedMarket)) {
            throw new IllegalArgumentException("the kit is for market " + market + " on chain " + chainId + ", not for market "
                    + expectedMarket + " on chain " + expectedChainId);
        }
    }
}
