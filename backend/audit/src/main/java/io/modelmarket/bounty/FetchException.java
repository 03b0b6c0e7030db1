package io.modelmarket.bounty;

import io.modelmarket.ipfs.Cid;
import java.io.IOException;

/**
 * A file the content store did not give as its CID names: not there, other bytes, or more bytes than allowed. The
 * message names the file ({@code what}, and where it was to be written); {@link #reason()} is the same without the name.
 */
public final class FetchException extends IOException {
    /** What went wrong. */
    public enum Problem {
        /** The store does not have the content. */
        NOT_FOUND,
        /** The store returned bytes that do not import to the CID. */
        CORRUPTED,
        /** The content is larger than the fetch allows. */
        TOO_LARGE
    }

    private final Problem problem;
    private final String what;
    private final Cid cid;
    private final String reason;

    FetchException(Problem problem, String what, String file, Cid cid, String reason, Throwable cause) {
        super(what + (file == null ? " " + cid : " (" + file + ")") + ": " + reason, cause);
        this.problem = problem;
        this.what = what;
        this.cid = cid;
        this.reason = reason;
    }

    public Problem problem() {
        return problem;
    }

    /** The file, as the caller named it ("training data", "the model", …). */
    public String what() {
        return what;
    }

    public Cid cid() {
        return cid;
    }

    /** Why, without the file's name. */
    public String reason() {
        return reason;
    }
}
