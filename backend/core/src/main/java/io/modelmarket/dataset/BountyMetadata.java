package io.modelmarket.dataset;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.modelmarket.protocol.FixedPoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;

/**
 * The JSON document a bounty's {@code metadataCid} names (schema in docs/datasets.md). Serialized
 * deterministically (fields in declaration order, no whitespace), so the same metadata always has the same
 * CID. Every constructor and {@link #parse} validates; errors name the field.
 *
 * <p>{@code task} is {@code classification} (also when absent) with {@code classes}, or {@code regression} with
 * {@code targetDecimals} (the targets and predictions are fixed-point, {@link FixedPoint}) and no classes.
 */
public record BountyMetadata(
        String schema,
        int schemaVersion,
        String title,
        String description,
        String task,
        List<Feature> features,
        String labelColumn,
        List<String> classes,
        Integer targetDecimals,
        int testSize,
        long trainingSize,
        String license,
        String provenance,
        Split split,
        OnnxConvention onnx) {

    public static final String SCHEMA = "modelmarket/bounty-metadata";
    /** Version 2: the split seed is not published (a public seed gives test labels away); it derives from the salt. */
    public static final int SCHEMA_VERSION = 2;
    public static final String CLASSIFICATION = "classification";
    public static final String REGRESSION = "regression";
    /** {@code onnx.inputType} when some feature is categorical; {@code float32} when every one is numeric. */
    public static final String MIXED_INPUT = "mixed";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL) // absent optional fields are left out
            .build();

    /**
     * A feature column: its name in the CSV header and its type, {@code float32} (numeric, NaN where missing) or
     * {@code string} (categorical, {@code ""} where missing); docs/datasets.md, "Column types".
     */
    public record Feature(String name, String type) {
        public static final String NUMERIC = "float32";
        public static final String CATEGORICAL = "string";

        @JsonIgnore
        public boolean isCategorical() {
            return CATEGORICAL.equals(type);
        }

        /** Whether a feature cell is missing: empty or only spaces (U+0020), NaN for a numeric feature, {@code ""} for a categorical one. */
        public static boolean isMissing(String cell) {
            return cell.chars().allMatch(c -> c == ' ');
        }

        /**
         * Whether {@code cell} is a value of this feature: any text for a categorical one; for a numeric one a missing cell
         * or a decimal that fits a float32 (surrounding spaces ignored), as the split typed it.
         */
        public boolean accepts(String cell) {
            String value = cell.strip();
            return isCategorical() || isMissing(cell) || (DatasetSplitter.isDecimal(value) && DatasetSplitter.fitsFloat32(value));
        }
    }

    /**
     * How the test set was drawn (see {@link DatasetSplitter}): the parameters a replay needs, nothing that helps
     * to guess a label. The split's secret comes from the ground-truth salt and is not published.
     */
    public record Split(double testFraction, boolean stratified) {}

    /**
     * What the verifier runs: {@code inputType} {@code float32} (every feature numeric: one input {@code float32[batch,
     * features]}) or {@code mixed} (a float32 input of the numeric features and a string input of the categorical ones,
     * docs/models.md); {@code outputName} (optional) names the
     * output holding the class index or the class scores (docs/protocol.md, ONNX models).
     */
    public record OnnxConvention(String inputType, String outputName) {}

    public BountyMetadata {
        require(SCHEMA.equals(schema), "schema", "must be '" + SCHEMA + "'");
        require(schemaVersion == SCHEMA_VERSION, "schemaVersion", "must be " + SCHEMA_VERSION + ", got " + schemaVersion
                + (schemaVersion == 1 ? " (version 1 published the split seed, which gives test labels away; post the bounty again)" : ""));
        require(title != null && !title.isBlank() && title.length() <= 200, "title", "must be 1 to 200 characters");
        require(description == null || description.length() <= 20_000, "description", "must be at most 20,000 characters");
        task = task == null ? CLASSIFICATION : task; // metadata published before regression names no task
        require(CLASSIFICATION.equals(task) || REGRESSION.equals(task), "task", "must be '" + CLASSIFICATION + "' or '" + REGRESSION + "'");
        require(features != null && !features.isEmpty(), "features", "must list at least one feature column");
        require(features.stream().allMatch(f -> f != null && f.name() != null && !f.name().isBlank()), "features", "every feature needs a name");
        require(features.stream().allMatch(f -> Feature.NUMERIC.equals(f.type()) || Feature.CATEGORICAL.equals(f.type())), "features",
                "every feature's type must be '" + Feature.NUMERIC + "' or '" + Feature.CATEGORICAL + "'");
        require(new HashSet<>(features.stream().map(Feature::name).toList()).size() == features.size(), "features", "names must be distinct");
        require(labelColumn != null && !labelColumn.isBlank(), "labelColumn", "must name the label column");
        require(features.stream().noneMatch(f -> f.name().equals(labelColumn)), "labelColumn", "must not also be a feature");
        if (REGRESSION.equals(task)) {
            require(classes == null, "classes", "must be absent for a regression bounty");
            require(targetDecimals != null && targetDecimals >= 0 && targetDecimals <= FixedPoint.MAX_DECIMALS, "targetDecimals",
                    "must be 0 to " + FixedPoint.MAX_DECIMALS + " for a regression bounty");
        } else {
            require(classes != null && classes.size() >= 2 && classes.size() <= ClassList.MAX_CLASSES, "classes", "must list 2 to 256 classes");
            require(new HashSet<>(classes).size() == classes.size(), "classes", "must be distinct");
            require(targetDecimals == null, "targetDecimals", "is for regression bounties only");
        }
        require(testSize >= 1, "testSize", "must be at least 1");
        require(trainingSize >= 1, "trainingSize", "must be at least 1");
        require(split != null && split.testFraction() > 0 && split.testFraction() < 1, "split.testFraction", "must be between 0 and 1");
        String inputType = inputTypeOf(features);
        require(onnx != null && inputType.equals(onnx.inputType()), "onnx.inputType", "must be '" + inputType + "'"
                + (inputType.equals(MIXED_INPUT) ? " (some feature is categorical)" : " (every feature is numeric)"));
        features = List.copyOf(features);
        classes = classes == null ? null : List.copyOf(classes);
    }

    /** Classification metadata, which has no target decimals. */
    public BountyMetadata(String schema, int schemaVersion, String title, String description, String task, List<Feature> features,
            String labelColumn, List<String> classes, int testSize, long trainingSize, String license, String provenance, Split split,
            OnnxConvention onnx) {
        this(schema, schemaVersion, title, description, task, features, labelColumn, classes, null, testSize, trainingSize, license, provenance,
                split, onnx);
    }

    /** Whether the bounty scores a numeric target (fixed-point items of 4 bytes) rather than classes (one byte each). */
    @JsonIgnore
    public boolean isRegression() {
        return REGRESSION.equals(task);
    }

    /** The bounty's {@code numClasses} on chain: the number of classes, 0 for regression. */
    public int classCount() {
        return isRegression() ? 0 : classes.size();
    }

    /** The categorical features' names, in file order. */
    public List<String> categoricalFeatures() {
        return features.stream().filter(Feature::isCategorical).map(Feature::name).toList();
    }

    /** The number of numeric features. */
    @JsonIgnore
    public int numericFeatureCount() {
        return features.size() - categoricalFeatures().size();
    }

    /** {@code onnx.inputType} for {@code features}: {@code float32} when every one is numeric, else {@code mixed}. */
    private static String inputTypeOf(List<Feature> features) {
        return features.stream().anyMatch(Feature::isCategorical) ? MIXED_INPUT : Feature.NUMERIC;
    }

    /** Metadata for a split, with the fields a requester chooses. */
    public static BountyMetadata forSplit(String title, String description, String license, String provenance,
            String labelColumn, SplitOptions options, SplitResult result) {
        boolean regression = options.task() == SplitOptions.Task.REGRESSION;
        return new BountyMetadata(SCHEMA, SCHEMA_VERSION, title, description, regression ? REGRESSION : CLASSIFICATION,
                result.features(),
                labelColumn, regression ? null : result.classes().names(), regression ? options.targetDecimals() : null,
                result.testRows(), result.trainingRows(), license, provenance,
                new Split(options.testFraction(), options.stratified()),
                new OnnxConvention(inputTypeOf(result.features()), null));
    }

    /** Parses and validates a metadata document. */
    public static BountyMetadata parse(InputStream json) throws IOException {
        try {
            return JSON.readValue(json, BountyMetadata.class);
        } catch (ValueInstantiationException e) {
            throw new DatasetException("invalid bounty metadata: " + e.getCause().getMessage());
        } catch (JsonProcessingException e) {
            throw new DatasetException("invalid bounty metadata: " + e.getOriginalMessage());
        }
    }

    /** The canonical bytes: compact UTF-8 JSON, fields in declaration order. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata always serializes", e);
        }
    }

    private static void require(boolean condition, String field, String rule) {
        if (!condition) {
            throw new IllegalArgumentException("metadata." + field + " " + rule);
        }
    }
}
