package io.modelmarket.train;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.modelmarket.dataset.ClassList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Rewrites a Tribuo-exported model to ModelMarket's ONNX convention (docs/models.md). In front, the graph reads raw
 * values: the numeric features ({@code features}, float32, NaN where missing) are imputed with the training mean
 * ({@code ai.onnx.ml Imputer}) and standardized ({@code Sub} the mean, {@code Mul} the inverse deviation); each
 * categorical feature (a column of {@code categorical}, string, {@code ""} where missing) is taken out ({@code Gather}),
 * one-hot encoded over its training categories ({@code ai.onnx.ml OneHotEncoder}, {@code zeros=1}: an unseen or missing
 * value is all zeros) and made {@code [batch, K]} ({@code Reshape}); a {@code Concat} puts them together into what
 * Tribuo's graph was trained on. Behind a classifier, Tribuo numbers labels in its own order and
 * names its scores {@code output}: a {@code Gather} puts the scores in class-index order ({@code scores}) and
 * an {@code ArgMax} gives the class index ({@code label}, int64, the first output). Behind a regression, Tribuo's
 * standardized prediction is scaled back ({@code Mul} the target's deviation, {@code Add} its mean) into
 * {@code prediction}, float32 {@code [batch, 1]}, the only output.
 */
final class OnnxConvention {
    private static final String ML_DOMAIN = "ai.onnx.ml";

    private OnnxConvention() {}

    static OnnxMl.ModelProto apply(OnnxMl.ModelProto exported, FeatureStatistics statistics, ClassList classes,
            ToIntFunction<String> tribuoId) {
        OnnxMl.GraphProto graph = exported.getGraph();
        String tribuoScores = graph.getOutput(0).getName();
        OnnxMl.TensorProto order = OnnxMl.TensorProto.newBuilder()
                .setName("class_order")
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                .addDims(classes.size())
                .addAllInt64Data(classes.names().stream().map(name -> (long) tribuoId.applyAsInt(name)).toList())
                .build();
        OnnxMl.GraphProto.Builder rewritten = readingRawFeatures(graph, statistics)
                .addInitializer(order)
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Gather").setName("scores_in_class_order")
                        .addInput(tribuoScores).addInput("class_order").addOutput("scores")
                        .addAttribute(intAttribute("axis", 1)))
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("ArgMax").setName("class_index")
                        .addInput("scores").addOutput("label")
                        .addAttribute(intAttribute("axis", 1))
                        .addAttribute(intAttribute("keepdims", 0)))
                .addOutput(tensor("label", OnnxMl.TensorProto.DataType.INT64, -1))
                .addOutput(tensor("scores", OnnxMl.TensorProto.DataType.FLOAT, -1, classes.size()));
        return importingMl(exported.toBuilder().setGraph(rewritten).build());
    }

    /** A Tribuo regression model trained on standardized targets, rewritten to answer the target itself. */
    static OnnxMl.ModelProto applyRegression(OnnxMl.ModelProto exported, FeatureStatistics statistics) {
        OnnxMl.GraphProto graph = exported.getGraph();
        String tribuoPrediction = graph.getOutput(0).getName();
        OnnxMl.GraphProto.Builder rewritten = readingRawFeatures(graph, statistics)
                .addInitializer(floats("target_std", new double[] {statistics.targetStd()}))
                .addInitializer(floats("target_mean", new double[] {statistics.targetMean()}))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Mul").setName("unscale")
                        .addInput(tribuoPrediction).addInput("target_std").addOutput("unscaled"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Add").setName("uncenter")
                        .addInput("unscaled").addInput("target_mean").addOutput("prediction"))
                .addOutput(tensor("prediction", OnnxMl.TensorProto.DataType.FLOAT, -1, 1));
        return importingMl(exported.toBuilder().setGraph(rewritten).build());
    }

    /**
     * Tribuo's graph behind the raw inputs and their encoding, its outputs cleared: the caller adds the convention's.
     */
    private static OnnxMl.GraphProto.Builder readingRawFeatures(OnnxMl.GraphProto graph, FeatureStatistics statistics) {
        if (graph.getInputCount() != 1 || graph.getOutputCount() != 1) {
            throw new IllegalStateException("expected Tribuo to export one input and one output, got " + graph.getInputList());
        }
        long width = graph.getInput(0).getType().getTensorType().getShape().getDim(1).getDimValue();
        if (width != statistics.encodedWidth()) {
            throw new IllegalStateException("the exported model reads " + width + " features, the data has " + statistics.encodedWidth());
        }
        String tribuoInput = graph.getInput(0).getName();
        int numericCount = statistics.mean().length;
        List<String> parts = new ArrayList<>();
        OnnxMl.GraphProto.Builder rewritten = graph.toBuilder().clearInput().clearNode();
        if (numericCount > 0) {
            parts.add("standardized");
            rewritten.addInput(tensor("features", OnnxMl.TensorProto.DataType.FLOAT, -1, numericCount))
                    .addInitializer(floats("feature_mean", statistics.mean()))
                    .addInitializer(floats("feature_inverse_std", statistics.inverseStd()))
                    .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Imputer").setDomain(ML_DOMAIN).setName("impute")
                            .addInput("features").addOutput("imputed")
                            .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("imputed_value_floats")
                                    .setType(OnnxMl.AttributeProto.AttributeType.FLOATS).addAllFloats(asFloats(statistics.mean())))
                            .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("replaced_value_float")
                                    .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(Float.NaN)))
                    .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Sub").setName("center")
                            .addInput("imputed").addInput("feature_mean").addOutput("centered"))
                    .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Mul").setName("scale")
                            .addInput("centered").addInput("feature_inverse_std").addOutput("standardized"));
        }
        List<List<String>> categories = statistics.categories();
        if (!categories.isEmpty()) {
            rewritten.addInput(tensor("categorical", OnnxMl.TensorProto.DataType.STRING, -1, categories.size()));
        }
        for (int j = 0; j < categories.size(); j++) {
            List<String> cats = categories.get(j);
            if (cats.isEmpty()) {
                continue; // no value in the training rows: the column adds nothing
            }
            String column = "categorical_" + j;
            parts.add(column + "_one_hot");
            rewritten.addInitializer(longs(column + "_index", List.of((long) j)))
                    .addInitializer(longs(column + "_shape", List.of(-1L, (long) cats.size())))
                    .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Gather").setName(column)
                            .addInput("categorical").addInput(column + "_index").addOutput(column)
                            .addAttribute(intAttribute("axis", 1)))
                    .addNode(OnnxMl.NodeProto.newBuilder().setOpType("OneHotEncoder").setDomain(ML_DOMAIN).setName(column + "_encode")
                            .addInput(column).addOutput(column + "_encoded")
                            .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("cats_strings")
                                    .setType(OnnxMl.AttributeProto.AttributeType.STRINGS)
                                    .addAllStrings(cats.stream().map(ByteString::copyFromUtf8).toList()))
                            .addAttribute(intAttribute("zeros", 1)))
                    .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Reshape").setName(column + "_flatten")
                            .addInput(column + "_encoded").addInput(column + "_shape").addOutput(column + "_one_hot"));
        }
        OnnxMl.NodeProto.Builder concat = OnnxMl.NodeProto.newBuilder().setOpType("Concat").setName("encoded")
                .addAllInput(parts).addOutput(tribuoInput).addAttribute(intAttribute("axis", 1));
        return rewritten.addNode(concat).addAllNode(graph.getNodeList()).clearOutput();
    }

    /** The model with the {@code ai.onnx.ml} operator set imported (the Imputer and OneHotEncoder are version 1's). */
    private static OnnxMl.ModelProto importingMl(OnnxMl.ModelProto model) {
        boolean imported = model.getOpsetImportList().stream().anyMatch(opset -> opset.getDomain().equals(ML_DOMAIN));
        return imported ? model : model.toBuilder().addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(1)).build();
    }

    private static List<Float> asFloats(double[] values) {
        List<Float> floats = new ArrayList<>();
        for (double value : values) {
            floats.add((float) value);
        }
        return floats;
    }

    private static OnnxMl.TensorProto longs(String name, List<Long> values) {
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                .addDims(values.size()).addAllInt64Data(values).build();
    }

    private static OnnxMl.TensorProto floats(String name, double[] values) {
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder()
                .setName(name).setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).addDims(values.length);
        for (double value : values) {
            tensor.addFloatData((float) value);
        }
        return tensor.build();
    }

    private static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** A tensor value info; a negative dimension is the symbolic batch dimension. */
    static OnnxMl.ValueInfoProto tensor(String name, OnnxMl.TensorProto.DataType type, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long dim : dims) {
            shape.addDim(dim < 0
                    ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                        OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }
}
