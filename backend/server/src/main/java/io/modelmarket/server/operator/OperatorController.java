package io.modelmarket.server.operator;

import io.modelmarket.kit.RevealKit;
import io.modelmarket.server.bounty.RevealKitVault;
import io.modelmarket.server.bounty.RevealKitVault.KeptKit;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Endpoints for the server's operator only ({@link OperatorAuthorization} guards them). */
@RestController
@RequestMapping("/api/operator")
class OperatorController {
    private final RevealKitVault vault;

    OperatorController(RevealKitVault vault) {
        this.vault = vault;
    }

    /** The reveal kits the server kept (empty unless keeping is switched on), newest first, without secrets. */
    @GetMapping("/reveal-kits")
    List<KeptKit> revealKits() {
        return vault.list();
    }

    /** One kept reveal kit, for a requester who lost its own copy. */
    @GetMapping("/reveal-kits/{bountyId}")
    ResponseEntity<RevealKit> revealKit(@PathVariable String bountyId) {
        return ResponseEntity.of(vault.find(bountyId));
    }
}
