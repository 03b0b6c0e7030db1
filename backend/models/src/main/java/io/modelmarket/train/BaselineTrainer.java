package io.modelmarket.train;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.ClassList;
import io.modelmarket.dataset.CsvReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * Trains an honest baseline model with Tribuo on a bounty's training CSV and exports it as an ONNX
 * model that follows the verifier's convention (docs/models.md): a float32 input {@code [batch, Fn]} of the numeric
 * features and a string input {@code [batch, Fs]} of the categorical ones, each in CSV column order, and only those
 * present (imputation of missing numbers and one-hot encoding of categories inside the graph, {@link OnnxConvention}); for classification an int64 output {@code label} {@code [batch]} with the class index, and a float
 * output {@code scores} {@code [batch, classes]} in class-index order; for regression one float32 output
 * {@code prediction} {@code [batch, 1]}, a linear regression (squared loss) on standardized features and target.
 */
public final class BaselineTrainer {
    /** Tribuo's name of the one regression dimension. */
    private static final String TARGET = "target";

    /** The classifier families the baseline offers; both export to ONNX. A regression bounty's baseline is a linear regression. */
    public enum Kind {
        LOGISTIC_REGRESSION,
        FACTORIZATION_MACHINE
    }

    /**
     * @param kind the model family
     * @param epochs passes over the training data
     * @param learningRate AdaGrad's initial learning rate
     * @param seed Tribuo's seed: the same data, options and seed give the same model
     */
    public record Options(Kind kind, int epochs, double learningRate, long seed) {
        public Options {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("the learning rate must be positive, got " + learningRate);
            }
        }

        public static Options defaults() {
            return new Options(Kind.LOGISTIC_REGRESSION, 5, 0.5, 1L);
        }
    }

    private BaselineTrainer() {}

    /**
     * Trains on {@code trainingCsv} (features and {@code labelColumn}) and returns the ONNX model's bytes.
     * Features are standardized with the training set's mean and standard deviation; the standardization is
     * part of the exported graph, so the model reads raw CSV values as the convention requires.
     */
    public static byte[] train(Path trainingCsv, String labelColumn, ClassList classes, Options options) throws IOException {
        return train(trainingCsv, labelColumn, classes, null, options);
    }

    /** Trains a classifier on features of {@code featureTypes} ({@code float32} or {@code string}; null: all numeric). */
    private static byte[] train(Path trainingCsv, String labelColumn, ClassList classes, List<String> featureTypes, Options options)
            throws IOException {
        FeatureStatistics statistics = FeatureStatistics.of(trainingCsv, labelColumn, classes, featureTypes);
        MutableDataset<Label> dataset = dataset(trainingCsv, labelColumn, statistics, new LabelFactory(), label -> new Label(label.strip()));
        Model<Label> model = trainer(options).train(dataset);
        return OnnxConvention.apply(((ONNXExportable) model).exportONNXModel("io.modelmarket.baseline", 1L),
                        statistics, classes, className -> model.getOutputIDInfo().getID(new Label(className)))
                .toByteArray();
    }

    /**
     * Trains a linear regression (squared loss, AdaGrad with the options' epochs, learning rate and seed; the kind is a
     * classifier's and not read) on {@code trainingCsv}'s numeric {@code labelColumn}. Features and target are
     * standardized with the training set's mean and deviation, both inside the exported graph: the model reads raw CSV
     * values and answers the target in its own unit, which the verifier makes fixed-point.
     */
    public static byte[] trainRegression(Path trainingCsv, String labelColumn, Options options) throws IOException {
        return trainRegression(trainingCsv, labelColumn, null, options);
    }

    /** Trains a regression on features of {@code featureTypes} ({@code float32} or {@code string}; null: all numeric). */
    private static byte[] trainRegression(Path trainingCsv, String labelColumn, List<String> featureTypes, Options options) throws IOException {
        FeatureStatistics statistics = FeatureStatistics.of(trainingCsv, labelColumn, null, featureTypes);
        MutableDataset<Regressor> dataset = dataset(trainingCsv, labelColumn, statistics, new RegressionFactory(),
                target -> new Regressor(TARGET, (Double.parseDouble(target.strip()) - statistics.targetMean()) / statistics.targetStd()));
        Model<Regressor> model = new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(),
                new AdaGrad(options.learningRate(), 0.1), options.epochs(), Integer.MAX_VALUE, 1, options.seed()).train(dataset);
        return OnnxConvention.applyRegression(((ONNXExportable) model).exportONNXModel("io.modelmarket.baseline", 1L), statistics)
                .toByteArray();
    }

    /**
     * The baseline for the bounty {@code metadata} describes: a classifier of its classes, or a linear regression of its
     * target, over its features of the metadata's types.
     */
    public static byte[] train(Path trainingCsv, BountyMetadata metadata, Options options) throws IOException {
        List<String> types = metadata.features().stream().map(BountyMetadata.Feature::type).toList();
        return metadata.isRegression() ? trainRegression(trainingCsv, metadata.labelColumn(), types, options)
                : train(trainingCsv, metadata.labelColumn(), new ClassList(metadata.classes()), types, options);
    }

    /**
     * The training rows as Tribuo examples, encoded as the exported graph encodes them (OnnxConvention): the numeric
     * features standardized (a missing one at the mean, 0), then each categorical feature one-hot over its categories (an
     * unseen or missing value all zeros); and the output {@code output} makes of the label cell.
     */
    private static <T extends Output<T>> MutableDataset<T> dataset(Path trainingCsv, String labelColumn, FeatureStatistics statistics,
            OutputFactory<T> factory, Function<String, T> output) throws IOException {
        MutableDataset<T> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(trainingCsv.toString(), factory), factory);
        int numericCount = statistics.mean().length;
        String[] featureNames = featureNames(statistics.encodedWidth());
        List<Map<String, Integer>> oneHot = new ArrayList<>();
        int offset = numericCount;
        for (List<String> categories : statistics.categories()) {
            Map<String, Integer> positions = new HashMap<>();
            for (int k = 0; k < categories.size(); k++) {
                positions.put(categories.get(k), offset + k);
            }
            oneHot.add(positions);
            offset += categories.size();
        }
        try (InputStream in = Files.newInputStream(trainingCsv)) {
            CsvReader reader = new CsvReader(in, trainingCsv.getFileName().toString());
            int labelIndex = reader.header().indexOf(labelColumn);
            for (String[] row; (row = reader.next()) != null; ) {
                double[] values = new double[featureNames.length];
                int numeric = 0;
                int text = 0;
                for (int column = 0, feature = 0; column < row.length; column++) {
                    if (column == labelIndex) {
                        continue;
                    }
                    boolean missing = BountyMetadata.Feature.isMissing(row[column]);
                    if (statistics.categorical()[feature++]) {
                        Integer position = missing ? null : oneHot.get(text).get(row[column]);
                        if (position != null) {
                            values[position] = 1;
                        }
                        text++;
                    } else {
                        values[numeric] = missing ? 0
                                : (Double.parseDouble(row[column].strip()) - statistics.mean()[numeric]) * statistics.inverseStd()[numeric];
                        numeric++;
                    }
                }
                dataset.add(new ArrayExample<>(output.apply(row[labelIndex]), featureNames, values));
            }
        }
        return dataset;
    }

    private static Trainer<Label> trainer(Options options) {
        AdaGrad optimiser = new AdaGrad(options.learningRate(), 0.1);
        return switch (options.kind()) {
            case LOGISTIC_REGRESSION -> new LinearSGDTrainer(
                    new LogMulticlass(), optimiser, options.epochs(), Integer.MAX_VALUE, 1, options.seed());
            case FACTORIZATION_MACHINE -> new FMClassificationTrainer(
                    new LogMulticlass(), optimiser, options.epochs(), Integer.MAX_VALUE, 1, options.seed(), 8, 0.1);
        };
    }

    /**
     * Tribuo orders features by name; zero-padded names keep that order equal to the CSV's, which is the
     * order of the ONNX input.
     */
    private static String[] featureNames(int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = String.format("f%07d", i);
        }
        return names;
    }
}
