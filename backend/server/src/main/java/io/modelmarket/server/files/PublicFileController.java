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

    @PostMapping("/api/files/training")
    @ResponseStatus(HttpStatus.CREATED)
    StoredFile training(@RequestParam(required = false) String cid, HttpServletRequest request) throws IOException {
        return files.publish(PublicFile.TRAINING, cid, request.getInputStream());
    }

    @PostMapping("/api/files/sealed-test-inputs")
    @ResponseStatus(HttpStatus.CREATED)
    StoredFile sealedTestInputs(@RequestParam(required = false) String cid, HttpServletRequest request) throws IOException {
        return files.publish(PublicFile.SEALED_TEST_INPUTS, cid, request.getInputStream());
    }

    @PostMapping("/api/files/metadata")
    @ResponseStatus(HttpStatus.CREATED)
    StoredFile metadata(@RequestParam(required = false) String cid, HttpServletRequest request) throws IOException {
        return files.publish(PublicFile.METADATA, cid, request.getInputStream());
    }

    @PostMapping("/api/bounties/{bountyId}/models")
    @ResponseStatus(HttpStatus.CREATED)
    StoredFile revealedModel(@PathVariable String bountyId, @RequestParam(required = false) String cid, HttpServletRequest request)
            throws IOException {
        return files.publishRevealedModel(bountyId, cid, request.getInputStream());
    }
}
