package io.modelmarket.server.registry;

import io.modelmarket.dataset.BountyMetadata.Feature;
import java.time.Instant;
import java.util.List;

/**
 * A model in the registry: where it lives, what it declares, and its usage counters for its author.
 *
 * @param bountyId the bounty it won or was submitted to, or {@code null}
 * @param featureCount the number of its features
 * @param features its features in CSV order: name and type, {@code float32} (numeric) or {@code string} (categorical)
 * @param task {@code classification} (its predictions are classes) or {@code regression} (numbers)
 * @param classNames its classes in index order; empty for regression
 * @param targetDecimals for regression, the decimals its predictions are made at (its bounty's); else {@code null}
 * @param accuracy its verified accuracy on that bounty's test set (classification), or {@code null}
 * @param meanAbsoluteError its verified mean absolute error on that bounty's test set, in the target's unit
 *     (regression), or {@code null}
 */
public record RegisteredModel(
        long id,
        String cid,
        String name,
        String description,
        String author,
        String bountyId,
        int featureCount,
        List<Feature> features,
        String task,
        List<String> classNames,
        Integer targetDecimals,
        String producer,
        long parameterCount,
        long sizeBytes,
        String classOutput,
        Double accuracy,
        Double meanAbsoluteError,
        Instant createdAt,
        long downloads,
        long predictions,
        long rowsPredicted) {

    /** This model with {@code features}. */
    RegisteredModel withFeatures(List<Feature> features) {
        return new RegisteredModel(id, cid, name, description, author, bountyId, featureCount, features, task, classNames, targetDecimals, producer,
                parameterCount, sizeBytes, classOutput, accuracy, meanAbsoluteError, createdAt, downloads, predictions, rowsPredicted);
    }

    /** Whether it predicts numbers (a regression bounty's model). */
    public boolean regression() {
        return targetDecimals != null;
    }
}
