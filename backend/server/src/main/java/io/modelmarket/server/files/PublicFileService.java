package io.modelmarket.server.files;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.files.TemporaryFolder;
import io.modelmarket.ipfs.BlockSink;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.UnixFsImporter;
import io.modelmarket.server.indexer.ChainEvents;
import io.modelmarket.verify.ModelLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Publishes public files to the content store under the CID the client computed, and nothing else: the body
 * goes to disk, its CID is computed as {@code ipfs add --cid-version=1} would, and a body whose CID is not the
 * stated one is refused before anything is stored. A client therefore learns at once when its own encoding
 * (a sealed file, say) differs from what everyone else will compute from the chain's CID.
 */
@Service
public class PublicFileService {
    /** What was stored. */
    public record StoredFile(String cid, long size) {}

    private final ContentStore store;
    private final ChainEvents events;
    private final long maxModelBytes;

    PublicFileService(ContentStore store, ChainEvents events, ModelLimits limits) {
        this.store = store;
        this.events = events;
        this.maxModelBytes = limits.maxModelBytes();
    }

    /** Publishes a bounty's training data, sealed test inputs or metadata, whose CID must be {@code statedCid}. */
    public StoredFile publish(PublicFile kind, String statedCid, InputStream body) throws IOException {
        Cid stated = parse(statedCid);
        try (TemporaryFolder work = TemporaryFolder.create("modelmarket-upload-")) {
            Path file = work.resolve("body");
            Files.copy(body, file);
            check(kind, stated, file);
            try (InputStream in = Files.newInputStream(file)) {
                return new StoredFile(store.addAndPin(in).toString(), Files.size(file));
            }
        }
    }

    /**
     * Publishes the model of a revealed submission: {@code statedCid} must be a model CID that one of the
     * bounty's indexed {@code SubmissionRevealed} events names. Before its reveal a model is its trainer's secret,
     * and the server refuses to hold it (409).
     */
    public StoredFile publishRevealedModel(String bountyId, String statedCid, InputStream body) throws IOException {
        Cid stated = parse(statedCid);
        boolean revealed = events.eventsOf(bountyId).stream()
                .anyMatch(event -> event.name().equals("SubmissionRevealed") && event.fields().path("modelCid").asText().equals(stated.toString()));
        if (!revealed) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "no indexed reveal of bounty " + bountyId + " names model " + stated
                    + "; a model is taken only once its reveal is on chain (it is its trainer's secret until then)");
        }
        return publish(PublicFile.REVEALED_MODEL, statedCid, body);
    }

    private void check(PublicFile kind, Cid stated, Path file) throws IOException {
        Cid actual;
        try (InputStream in = Files.newInputStream(file)) {
            actual = UnixFsImporter.importStream(in, BlockSink.DISCARD);
        }
        if (!actual.equals(stated)) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY,
                    kind.description() + ": the body's CID is " + actual + ", not the stated " + stated + "; nothing was stored");
        }
        if (kind == PublicFile.METADATA) {
            try (InputStream in = Files.newInputStream(file)) {
                BountyMetadata.parse(in); // a DatasetException says what is wrong (400)
            }
        }
        if (kind == PublicFile.REVEALED_MODEL && Files.size(file) > maxModelBytes) {
            throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE,
                    "the model is larger than the " + (maxModelBytes >> 20) + " MiB the verifier runs");
        }
    }

    private static Cid parse(String statedCid) {
        if (statedCid == null || statedCid.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the parameter 'cid' (the CID the client computed for the body) is missing");
        }
        try {
            return Cid.parse(statedCid);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "cid: '" + abbreviate(statedCid) + "' is not a CID (CIDv1 base32 or CIDv0)");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
