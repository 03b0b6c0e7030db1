package io.modelmarket.seal;

import java.io.IOException;

/** Sealed test inputs that do not open under the key given: the key is not the bounty's, or the bytes changed. */
public final class SealBrokenException extends IOException {
    SealBrokenException() {
        super("the sealed test inputs do not open under this key: wrong key, or the file was changed");
    }
}
