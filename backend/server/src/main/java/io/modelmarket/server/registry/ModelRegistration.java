package io.modelmarket.server.registry;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.BountyMetadata.Feature;
import io.modelmarket.protocol.FixedPoint;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What the caller says about a model it registers; the rest comes from inspecting the model. A classification model
 * has class names and may have an accuracy; a regression model ({@code targetDecimals} set) has no class names and may
 * have a mean absolute error.
 *
 * @param author the author's address ({@code 0x} and 40 hex digits)
 * @param features its features in CSV order, with their names and types (from the bounty metadata): {@code float32}
 *     (numeric) or {@code string} (categorical)
 * @param classNames the classes its indices stand for, in order (from the bounty metadata); empty for regression
 * @param targetDecimals for a regression model, its bounty's target decimals (its predictions are shown at that
 *     precision); {@code null} for classification
 * @param accuracy its verified accuracy (a share of 0 to 1), classification only
 * @param meanAbsoluteError its verified mean absolute error in the target's unit, regression only
 */
public record ModelRegistration(String name, String description, String author, String bountyId, List<Feature> features, List<String> classNames,
        Integer targetDecimals, Double accuracy, Double meanAbsoluteError) {

    public ModelRegistration {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("a model needs a name of 1 to 200 characters");
        }
        if (author == null || !author.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("the author must be an address (0x and 40 hex digits), got " + author);
        }
        if (bountyId != null && !bountyId.matches("0x[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("a bounty id is 0x and 64 hex digits, got " + bountyId);
        }
        if (features == null || features.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one feature");
        }
        if (!features.stream().allMatch(f -> f != null && f.name() != null && !f.name().isBlank()
                && (Feature.NUMERIC.equals(f.type()) || Feature.CATEGORICAL.equals(f.type())))) {
            throw new IllegalArgumentException("every feature needs a name and the type '" + Feature.NUMERIC + "' or '" + Feature.CATEGORICAL + "'");
        }
        if (new HashSet<>(features.stream().map(Feature::name).toList()).size() != features.size()) {
            throw new IllegalArgumentException("the features' names must be distinct");
        }
        if (targetDecimals == null) {
            if (classNames == null || classNames.size() < 2 || classNames.size() > 256) {
                throw new IllegalArgumentException("a model needs 2 to 256 class names");
            }
            if (meanAbsoluteError != null) {
                throw new IllegalArgumentException("a classification model has an accuracy, not a mean absolute error");
            }
        } else {
            FixedPoint.requireDecimals(targetDecimals);
            if (classNames != null && !classNames.isEmpty()) {
                throw new IllegalArgumentException("a regression model has no class names");
            }
            if (accuracy != null) {
                throw new IllegalArgumentException("a regression model has a mean absolute error, not an accuracy");
            }
            classNames = List.of();
        }
        if (accuracy != null && !(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy is a share between 0 and 1, got " + accuracy);
        }
        if (meanAbsoluteError != null && !(meanAbsoluteError >= 0 && Double.isFinite(meanAbsoluteError))) {
            throw new IllegalArgumentException("a mean absolute error is a finite number of at least 0, got " + meanAbsoluteError);
        }
        author = author.toLowerCase();
        bountyId = bountyId == null ? null : bountyId.toLowerCase();
        features = List.copyOf(features);
        classNames = List.copyOf(classNames);
    }

    /** A classification model's registration. */
    public ModelRegistration(String name, String description, String author, String bountyId, List<Feature> features, List<String> classNames,
            Double accuracy) {
        this(name, description, author, bountyId, features, classNames, null, accuracy, null);
    }

    /** An all-numeric classification model's registration: {@code featureCount} numeric features ({@link #numericFeatures}). */
    public ModelRegistration(String name, String description, String author, String bountyId, int featureCount, List<String> classNames,
            Double accuracy) {
        this(name, description, author, bountyId, numericFeatures(featureCount), classNames, accuracy);
    }

    /** A regression model's registration: its predictions are numbers at {@code targetDecimals} decimals. */
    public static ModelRegistration regression(String name, String description, String author, String bountyId, List<Feature> features,
            int targetDecimals, Double meanAbsoluteError) {
        return new ModelRegistration(name, description, author, bountyId, features, List.of(), targetDecimals, null, meanAbsoluteError);
    }

    /** An all-numeric regression model's registration: {@code featureCount} numeric features ({@link #numericFeatures}). */
    public static ModelRegistration regression(String name, String description, String author, String bountyId, int featureCount,
            int targetDecimals, Double meanAbsoluteError) {
        return regression(name, description, author, bountyId, numericFeatures(featureCount), targetDecimals, meanAbsoluteError);
    }

    /**
     * {@code count} numeric features named {@code f0}, {@code f1}, …: what a model registered without feature names has
     * (migration {@code V16__model_features.sql} gives the models registered before these names).
     */
    public static List<Feature> numericFeatures(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("the feature count must be at least 1");
        }
        return IntStream.range(0, count).mapToObj(i -> new Feature("f" + i, Feature.NUMERIC)).toList();
    }

    /** The number of features, numeric and categorical. */
    public int featureCount() {
        return features.size();
    }

    /** {@link BountyMetadata#REGRESSION} or {@link BountyMetadata#CLASSIFICATION}. */
    public String task() {
        return targetDecimals == null ? BountyMetadata.CLASSIFICATION : BountyMetadata.REGRESSION;
    }

    /** The class count the model is inspected for: 0 for regression, as on chain. */
    int classCount() {
        return classNames.size();
    }
}
