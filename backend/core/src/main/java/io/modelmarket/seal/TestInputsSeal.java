package io.modelmarket.seal;

import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sealing of a bounty's test inputs (docs/protocol.md, "Sealing"): AES-256-GCM through the
 * JDK's JCE under a fresh random 32-byte key, the nonce {@link Commitments#sealNonce} and the bounty id as
 * associated data; the sealed file is the ciphertext followed by the 16-byte tag. The same key and file give the
 * same sealed bytes, hence the same CID, in every implementation (test/vectors/commitments.json).
 *
 * <p>Neither direction holds a file in the heap: sealing streams, and unsealing maps both files, which lets
 * the JCE check the tag over the whole ciphertext before it writes a single byte of plaintext.
 */
public final class TestInputsSeal {
    /** Length of the GCM tag that ends every sealed file. */
    public static final int TAG_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestInputsSeal() {}

    /** A fresh sealing key: 32 bytes from a CSPRNG, one per bounty, never reused. */
    public static Bytes32 newKey() {
        byte[] key = new byte[Bytes32.LENGTH];
        RANDOM.nextBytes(key);
        return Bytes32.of(key);
    }

    /** The sealed form of {@code plain}, read lazily: ciphertext then tag. Closing it closes {@code plain}. */
    public static InputStream seal(Bytes32 bountyId, Bytes32 key, InputStream plain) {
        return new CipherInputStream(plain, cipher(Cipher.ENCRYPT_MODE, bountyId, key));
    }

    /**
     * Opens {@code sealed} into {@code plain}, which is created or replaced only once the seal has opened: a
     * refused seal leaves whatever was at {@code plain} as it was.
     *
     * @throws SealBrokenException if the key is not the one that sealed the file for this bounty, or the file
     *     changed since
     */
    public static void unseal(Bytes32 bountyId, Bytes32 key, Path sealed, Path plain) throws IOException {
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, bountyId, key);
        Path opening = Files.createTempFile(plain.toAbsolutePath().getParent(), ".unsealing-", ".part");
        try {
            try (FileChannel in = FileChannel.open(sealed, StandardOpenOption.READ);
                    FileChannel out = FileChannel.open(opening, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long plainSize = in.size() - TAG_LENGTH;
                if (plainSize < 0) {
                    throw new SealBrokenException(); // shorter than a tag: cut
                }
                if (plainSize > Integer.MAX_VALUE - TAG_LENGTH) {
                    throw new IOException(sealed + " has " + in.size() + " bytes; sealed test inputs are under 2 GiB");
                }
                cipher.doFinal(in.map(FileChannel.MapMode.READ_ONLY, 0, in.size()),
                        out.map(FileChannel.MapMode.READ_WRITE, 0, plainSize));
            } catch (AEADBadTagException e) {
                throw new SealBrokenException();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-256-GCM refused an output buffer of the right size", e);
            }
            Files.move(opening, plain, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(opening);
        }
    }

    private static Cipher cipher(int mode, Bytes32 bountyId, Bytes32 key) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key.toByteArray(), "AES"),
                    new GCMParameterSpec(8 * TAG_LENGTH, Commitments.sealNonce(bountyId)));
            cipher.updateAAD(bountyId.toByteArray());
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has AES-256-GCM", e);
        }
    }
}
