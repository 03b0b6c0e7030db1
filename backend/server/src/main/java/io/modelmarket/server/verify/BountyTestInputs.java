package io.modelmarket.server.verify;

import io.modelmarket.bounty.ContentFetcher;
import io.modelmarket.bounty.FetchException;
import io.modelmarket.bounty.SealedTestInputs;
import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.seal.SealBrokenException;
import io.modelmarket.server.indexer.BountyReadModel.Bounty;
import java.io.IOException;
import java.nio.file.Path;

/** Opens an indexed bounty's sealed test inputs with the released key, for the verifier and the proposal watcher. */
final class BountyTestInputs {
    /** The test inputs cannot be opened, by the requester's doing: {@code getMessage()} says why. */
    static final class UnopenableException extends Exception {
        UnopenableException(String why) {
            super(why);
        }
    }

    private BountyTestInputs() {}

    /**
     * The test inputs opened into {@code target} and checked against the metadata. Throws {@link UnopenableException}
     * when the sealed file is missing, does not open under the key, or is not what the metadata describes; a store
     * that serves other bytes than the CID names is the server's problem ({@link FetchException}, to try again).
     */
    static Path open(ContentFetcher fetcher, Bounty bounty, BountyMetadata metadata, Path target) throws IOException, UnopenableException {
        if (bounty.sealingKey() == null || bounty.sealedTestInputsCid() == null) {
            throw new UnopenableException("no released key or no valid sealed-inputs CID is indexed");
        }
        try {
            return SealedTestInputs.open(fetcher, Bytes32.fromHex(bounty.id()), Bytes32.fromHex(bounty.sealingKey()),
                    Cid.parse(bounty.sealedTestInputsCid()), metadata, target);
        } catch (FetchException e) {
            if (e.problem() == FetchException.Problem.CORRUPTED) {
                throw e;
            }
            throw new UnopenableException(e.problem() == FetchException.Problem.NOT_FOUND
                    ? "the sealed test inputs " + bounty.sealedTestInputsCid() + " are not in the content store" : e.getMessage());
        } catch (SealBrokenException | SealedTestInputs.TestInputsMismatchException e) {
            throw new UnopenableException(e.getMessage());
        }
    }
}
