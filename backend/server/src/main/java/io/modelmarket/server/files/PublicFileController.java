package io.modelmarket.server.files;

import io.modelmarket.server.files.PublicFileService.StoredFile;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Uploads of public files, the raw body under the CID the client states ({@code ?cid=}); see
 * {@link PublicFileService}. Body sizes, the client header and the rate are {@code RequestGuard}'s.
 */
@RestController
class PublicFileController {
    private final PublicFileService files;

    PublicFileController(PublicFileService files) {
        this.files = files;
    }

    /**
     * A bounty's training data, sealed test inputs or metadata, or a dispute's evidence ({@code kind}: training,
     * sealed-test-inputs, metadata, evidence).
     */
    @PostMapping("/api/files/{kind}")
    @ResponseStatus(HttpStatus.CREATED)
    StoredFile bountyFile(@PathVariable String kind, @RequestParam(required = false) String cid, HttpServletRequest request)
            throws IOException {
        PublicFile file = PublicFile.bountyFile(kind)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no file kind '" + kind + "'; one of " + PublicFile.BOUNTY_FILES));
        return files.publish(file, cid, request.getInputStream());
    }

    @PostMapping("/api/bounties/{bountyId}/models")
    @ResponseStatus(HttpStatus.CREATED)
    StoredFile revealedModel(@PathVariable String bountyId, @RequestParam(required = false) String cid, HttpServletRequest request)
            throws IOException {
        return files.publishRevealedModel(bountyId, cid, request.getInputStream());
    }
}
