package io.modelmarket.server.bounty;

import io.modelmarket.kit.RevealKit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The requester flow over HTTP; the work is in {@link RequesterService}. */
@RestController
@RequestMapping("/api/requester")
@ConditionalOnProperty(name = "modelmarket.chain.enabled", havingValue = "true", matchIfMissing = true)
class RequesterController {
    private final RequesterService requester;

    RequesterController(RequesterService requester) {
        this.requester = requester;
    }

    /** A CSV and the bounty's parameters in, the wallet's transactions and the reveal kit out. */
    @PostMapping(path = "/bounties", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    PreparedBounty prepare(@RequestPart("file") MultipartFile csv, @ModelAttribute BountyForm form) throws Exception {
        return requester.prepare(csv.getInputStream(), csv.getOriginalFilename(), form);
    }

    /** The reveal transaction for a saved kit. */
    @PostMapping(path = "/reveal-transaction", consumes = MediaType.APPLICATION_JSON_VALUE)
    UnsignedTransaction reveal(@RequestBody RevealKit kit) throws Exception {
        return requester.revealTransaction(kit);
    }
}
