package io.modelmarket.bounty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelmarket.chain.MarketEvent;
import java.util.ArrayList;
import java.util.List;

/** A bounty's events written by hand, one transaction each unless told otherwise, for the unit tests of this package. */
final class Events {
    static final ObjectMapper JSON = new ObjectMapper();

    private final List<MarketEvent> events = new ArrayList<>();
    private long block = 1;

    /** Adds an event in a block and transaction of its own; {@code fields} alternate names and values. */
    Events add(String name, Object... fields) {
        block++;
        return same(name, fields);
    }

    /** Adds an event in the transaction of the previous one. */
    Events same(String name, Object... fields) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < fields.length; i += 2) {
            Object value = fields[i + 1];
            if (value instanceof ObjectNode object) {
                node.set((String) fields[i], object);
            } else {
                node.put((String) fields[i], String.valueOf(value));
            }
        }
        events.add(new MarketEvent(name, block, "0xtx" + block, events.size(), node));
        return this;
    }

    List<MarketEvent> list() {
        return List.copyOf(events);
    }

    /** The {@code params} of a BountyCreated; {@code fields} alternate names and values. */
    static ObjectNode params(Object... fields) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < fields.length; i += 2) {
            node.put((String) fields[i], String.valueOf(fields[i + 1]));
        }
        return node;
    }
}
