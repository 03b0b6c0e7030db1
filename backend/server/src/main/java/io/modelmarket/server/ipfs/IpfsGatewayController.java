package io.modelmarket.server.ipfs;

import io.modelmarket.ipfs.Cid;
import io.modelmarket.ipfs.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A read-only IPFS gateway over the configured store: {@code GET /ipfs/{cid}}. Every byte is verified
 * against the CID; content never changes, so responses are cacheable forever. Content is always a download
 * ({@code application/octet-stream}, {@code Content-Disposition: attachment}; with {@code nosniff} and a
 * sandboxing CSP from {@link io.modelmarket.server.web.SecurityHeaders}): a CID holding HTML is never
 * rendered as a page of this origin.
 */
@RestController
class IpfsGatewayController {
    private final ContentStore store;

    IpfsGatewayController(ContentStore store) {
        this.store = store;
    }

    @GetMapping("/ipfs/{cid}")
    ResponseEntity<StreamingResponseBody> get(@PathVariable String cid) throws IOException {
        Cid parsed = Cid.parse(cid);
        InputStream content = store.cat(parsed); // fails here, before any byte is sent, when it is missing
        StreamingResponseBody body = out -> {
            try (content) {
                content.transferTo(out);
            }
        };
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(parsed.toString()).build().toString())
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePublic().immutable())
                .eTag(parsed.toString())
                .body(body);
    }
}
