package io.modelmarket.server.chain;

import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.server.chain.ChainIndexRepository.Bounty;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Bounties as the indexer rebuilt them from chain events: a list with filters, and one with its timeline. */
@RestController
@RequestMapping("/api/bounties")
class BountyController {
    private static final List<String> CID_PAYLOAD_FIELDS = List.of("trainingCid", "testInputsCid", "metadataCid", "modelCid", "reportCid");

    private final ChainIndexRepository index;
    private final Leaderboard leaderboard;

    BountyController(ChainIndexRepository index, Leaderboard leaderboard) {
        this.index = index;
        this.leaderboard = leaderboard;
    }

    /**
     * One event of a bounty's timeline.
     *
     * @param payload the event's fields as JSON text, as the chain had them (data, never markup)
     * @param invalidCids the payload's CID fields whose value does not parse as a CID: never to be used as a link
     */
    record TimelineEvent(long block, int logIndex, String txHash, String name, String payload, List<String> invalidCids) {}

    record BountyDetail(Bounty bounty, List<TimelineEvent> timeline) {}

    @GetMapping
    List<Bounty> list(@RequestParam(required = false) String phase, @RequestParam(required = false) String requester,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        if (phase != null && !MarketEnums.PHASES.contains(phase)) {
            throw new IllegalArgumentException("unknown phase; one of " + MarketEnums.PHASES);
        }
        return index.bounties(phase, requester, Math.min(Math.max(limit, 1), 500), Math.max(offset, 0));
    }

    /** Submissions ranked by claim, with what each claim came to (revealed count, verdict, slash, win). */
    @GetMapping("/{id}/leaderboard")
    List<Leaderboard.Entry> leaderboard(@PathVariable String id) {
        return leaderboard.of(id);
    }

    @GetMapping("/{id}")
    BountyDetail get(@PathVariable String id) {
        Bounty bounty = index.bounty(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such bounty"));
        List<TimelineEvent> timeline = index.eventsOf(bounty.id()).stream()
                .map(event -> new TimelineEvent(event.block(), event.logIndex(), event.txHash(), event.name(), event.payload(), invalidCids(event)))
                .toList();
        return new BountyDetail(bounty, timeline);
    }

    private static List<String> invalidCids(ChainIndexRepository.StoredEvent event) {
        List<String> invalid = new ArrayList<>();
        var fields = event.fields();
        for (String field : CID_PAYLOAD_FIELDS) {
            if (fields.has(field) && BountyProjection.validCid(fields.get(field).asText()) == null) {
                invalid.add(field);
            }
        }
        return invalid;
    }
}
