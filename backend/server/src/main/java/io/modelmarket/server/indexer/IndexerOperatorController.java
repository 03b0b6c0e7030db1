package io.modelmarket.server.indexer;

import io.modelmarket.server.indexer.ChainEvents.SkippedEvent;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The operator's word on the indexer (guarded with the other operator endpoints by
 * {@code OperatorAuthorization}): where it is stopped, what was skipped, and skipping the one event it is
 * stopped at.
 */
@RestController
@RequestMapping("/api/operator/indexer")
@ConditionalOnProperty(name = "modelmarket.chain.enabled", havingValue = "true", matchIfMissing = true)
class IndexerOperatorController {
    private final ChainIndexer indexer;
    private final ChainEvents events;

    IndexerOperatorController(ChainIndexer indexer, ChainEvents events) {
        this.indexer = indexer;
        this.events = events;
    }

    /** @param stoppedAt the event the indexer cannot store, or null */
    record IndexerStatus(Long indexedTo, ChainIndexer.StuckEvent stoppedAt, List<SkippedEvent> skipped) {}

    /** Names the event to skip: it must be the one the indexer is stopped at. */
    record SkipRequest(String blockHash, Integer logIndex) {}

    @GetMapping
    IndexerStatus status() {
        return new IndexerStatus(indexer.lastIndexedBlock().orElse(null), indexer.stuck(), events.skippedEvents());
    }

    @PostMapping(path = "/skip", consumes = MediaType.APPLICATION_JSON_VALUE)
    SkippedEvent skip(@RequestBody SkipRequest request) {
        if (request.blockHash() == null || request.logIndex() == null) {
            throw new IllegalArgumentException("name the event to skip: {\"blockHash\": \"0x…\", \"logIndex\": n}");
        }
        try {
            return indexer.skip(request.blockHash(), request.logIndex());
        } catch (IllegalStateException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }
}
