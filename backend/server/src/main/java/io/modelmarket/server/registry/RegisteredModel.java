package io.modelmarket.server.registry;

import java.time.Instant;
import java.util.List;

/**
 * A model in the registry: where it lives, what it declares, and its usage counters for its author.
 *
 * @param bountyId the bounty it won or was submitted to, or {@code null}
 * @param accuracy its verified accuracy on that bounty's test set, or {@code null}
 */
public record RegisteredModel(
        long id,
        String cid,
        String name,
        String description,
        String author,
        String bountyId,
        int featureCount,
        List<String> classNames,
        String producer,
        long parameterCount,
        long sizeBytes,
        String classOutput,
        Double accuracy,
        Instant createdAt,
        long downloads,
        long predictions,
        long rowsPredicted) {}
