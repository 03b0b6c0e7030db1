package io.modelmarket.train;

import io.modelmarket.dataset.ClassList;
import io.modelmarket.dataset.CsvReader;
import io.modelmarket.dataset.DatasetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Per-feature mean and inverse standard deviation of a training CSV (one streaming pass, Welford's method);
 * it also checks every label and number. A constant feature gets an inverse deviation of 0, so it adds
 * nothing after standardization. For regression (no class list) the target's mean and standard deviation too
 * (1 for a constant target), so that the trainer fits a standardized target and the model scales it back.
 */
record FeatureStatistics(double[] mean, double[] inverseStd, double targetMean, double targetStd) {

    /** The statistics of {@code trainingCsv}, whose labels are {@code classes}, or numeric targets when {@code classes} is null. */
    static FeatureStatistics of(Path trainingCsv, String labelColumn, ClassList classes) throws IOException {
        try (InputStream in = Files.newInputStream(trainingCsv)) {
            CsvReader reader = new CsvReader(in, trainingCsv.getFileName().toString());
            int labelIndex = reader.header().indexOf(labelColumn);
            if (labelIndex < 0) {
                throw new DatasetException(reader.source() + ": no label column '" + labelColumn + "'");
            }
            int features = reader.header().size() - 1;
            double[] mean = new double[features];
            double[] squares = new double[features];
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
                for (int column = 0, feature = 0; column < row.length; column++) {
                    if (column == labelIndex) {
                        continue;
                    }
                    double value = parse(row[column], reader, column);
                    double delta = value - mean[feature];
                    mean[feature] += delta / count;
                    squares[feature] += delta * (value - mean[feature]);
                    feature++;
                }
            }
            if (count < 2) {
                throw new DatasetException(reader.source() + ": at least two training rows are needed, found " + count);
            }
            double[] inverseStd = new double[features];
            for (int feature = 0; feature < features; feature++) {
                double std = Math.sqrt(squares[feature] / (count - 1));
                inverseStd[feature] = std > 1e-12 ? 1 / std : 0;
            }
            double targetStd = Math.sqrt(targetSquares / (count - 1));
            return new FeatureStatistics(mean, inverseStd, targetMean, targetStd > 1e-12 ? targetStd : 1);
        }
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
