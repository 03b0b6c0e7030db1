package io.modelmarket.train;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.ClassList;
import io.modelmarket.dataset.CsvReader;
import io.modelmarket.dataset.DatasetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the baseline learns of a training CSV's features before training (one streaming pass): each numeric feature's
 * mean and inverse standard deviation over its present cells (Welford's method; a missing cell is imputed with the mean,
 * so it stands at 0 after standardization), and each categorical feature's categories, its at most
 * {@link #MAX_CATEGORIES} most frequent present values (ties in code-point order), one-hot encoded. It also checks
 * every label and number. A constant feature gets an inverse deviation of 0, so it adds nothing after standardization.
 * For regression (no class list) the target's mean and standard deviation too (1 for a constant target), so that the
 * trainer fits a standardized target and the model scales it back.
 *
 * @param categorical each feature's kind, in CSV order without the label: true for a categorical feature
 * @param mean the numeric features' means, in CSV order
 * @param inverseStd the numeric features' inverse deviations
 * @param categories each categorical feature's categories, in CSV order, in one-hot order
 */
record FeatureStatistics(boolean[] categorical, double[] mean, double[] inverseStd, List<List<String>> categories, double targetMean,
        double targetStd) {
    /** The most categories one categorical feature is one-hot encoded into; rarer values encode as unseen ones (all zeros). */
    static final int MAX_CATEGORIES = 100;

    /** The width of the encoded rows: the numeric features and every categorical feature's categories. */
    int encodedWidth() {
        return mean.length + categories.stream().mapToInt(List::size).sum();
    }

    /**
     * The statistics of {@code trainingCsv}, whose labels are {@code classes}, or numeric targets when {@code classes} is
     * null; {@code featureTypes} gives each feature's type ({@code float32} or {@code string}) in CSV order, or is null when
     * every feature is numeric.
     */
    static FeatureStatistics of(Path trainingCsv, String labelColumn, ClassList classes, List<String> featureTypes) throws IOException {
        try (InputStream in = Files.newInputStream(trainingCsv)) {
            CsvReader reader = new CsvReader(in, trainingCsv.getFileName().toString());
            int labelIndex = reader.header().indexOf(labelColumn);
            if (labelIndex < 0) {
                throw new DatasetException(reader.source() + ": no label column '" + labelColumn + "'");
            }
            int features = reader.header().size() - 1;
            if (featureTypes != null && featureTypes.size() != features) {
                throw new DatasetException(reader.source() + ": " + features + " feature columns; the bounty has " + featureTypes.size());
            }
            boolean[] categorical = new boolean[features];
            int numericCount = 0;
            for (int feature = 0; feature < features; feature++) {
                categorical[feature] = featureTypes != null && BountyMetadata.Feature.CATEGORICAL.equals(featureTypes.get(feature));
                numericCount += categorical[feature] ? 0 : 1;
            }
            double[] mean = new double[numericCount];
            double[] squares = new double[numericCount];
            long[] present = new long[numericCount];
            List<Map<String, Long>> counts = new ArrayList<>();
            for (int i = numericCount; i < features; i++) {
                counts.add(new HashMap<>());
            }
            double targetMean = 0;
            double targetSquares = 0;
            long count = 0;
            for (String[] row; (row = reader.next()) != null; ) {
                if (classes != null && classes.indexOf(row[labelIndex].strip()) < 0) {
                    throw DatasetException.at(reader.source(), reader.recordLine(), "label '" + row[labelIndex] + "' is not a class");
                }
                count++;
                if (classes == null) {
                    double target = parse(row[labelIndex], reader, labelIndex);
                    if (!Double.isFinite(target)) {
                        throw DatasetException.at(reader.source(), reader.recordLine(),
                                "column '" + labelColumn + "' holds '" + row[labelIndex] + "'; expected a finite number");
                    }
                    double delta = target - targetMean;
                    targetMean += delta / count;
                    targetSquares += delta * (target - targetMean);
                }
                int numeric = 0;
                int text = 0;
                for (int column = 0, feature = 0; column < row.length; column++) {
                    if (column == labelIndex) {
                        continue;
                    }
                    boolean missing = BountyMetadata.Feature.isMissing(row[column]);
                    if (categorical[feature]) {
                        if (!missing) {
                            counts.get(text).merge(row[column], 1L, Long::sum);
                        }
                        text++;
                    } else {
                        if (!missing) {
                            double value = parse(row[column], reader, column);
                            present[numeric]++;
                            double delta = value - mean[numeric];
                            mean[numeric] += delta / present[numeric];
                            squares[numeric] += delta * (value - mean[numeric]);
                        }
                        numeric++;
                    }
                    feature++;
                }
            }
            if (count < 2) {
                throw new DatasetException(reader.source() + ": at least two training rows are needed, found " + count);
            }
            double[] inverseStd = new double[numericCount];
            for (int feature = 0; feature < numericCount; feature++) {
                double std = present[feature] < 2 ? 0 : Math.sqrt(squares[feature] / (present[feature] - 1));
                inverseStd[feature] = std > 1e-12 ? 1 / std : 0;
            }
            double targetStd = Math.sqrt(targetSquares / (count - 1));
            return new FeatureStatistics(categorical, mean, inverseStd, counts.stream().map(FeatureStatistics::mostFrequent).toList(), targetMean,
                    targetStd > 1e-12 ? targetStd : 1);
        }
    }

    /** The at most {@link #MAX_CATEGORIES} most frequent values, ties in code-point order. */
    private static List<String> mostFrequent(Map<String, Long> counts) {
        Comparator<Map.Entry<String, Long>> byCount = Map.Entry.<String, Long>comparingByValue().reversed();
        return counts.entrySet().stream()
                .sorted(byCount.thenComparing(Map.Entry::getKey, FeatureStatistics::compareCodePoints))
                .limit(MAX_CATEGORIES)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Compares two strings by their Unicode code points (String.compareTo compares UTF-16 units, which differs above U+FFFF). */
    static int compareCodePoints(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        return java.util.Arrays.compare(x, y);
    }

    private static double parse(String cell, CsvReader reader, int column) throws DatasetException {
        try {
            return Double.parseDouble(cell.strip());
        } catch (NumberFormatException e) {
            throw DatasetException.at(reader.source(), reader.recordLine(),
                    "column '" + reader.header().get(column) + "' holds '" + cell + "'; expected a number");
        }
    }
}
