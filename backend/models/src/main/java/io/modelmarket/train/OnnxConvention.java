package io.modelmarket.train;

import ai.onnx.proto.OnnxMl;
import io.modelmarket.dataset.ClassList;
import java.util.function.ToIntFunction;

/**
 * Rewrites a Tribuo-exported model to ModelMarket's ONNX convention. In front, the graph reads raw
 * values ({@code features}) and standardizes them ({@code Sub} the training mean, {@code Mul} the inverse
 * deviation) into what Tribuo's graph was trained on. Behind a classifier, Tribuo numbers labels in its own order and
 * names its scores {@code output}: a {@code Gather} puts the scores in class-index order ({@code scores}) and
 * an {@code ArgMax} gives the class index ({@code label}, int64, the first output). Behind a regression, Tribuo's
 * standardized prediction is scaled back ({@code Mul} the target's deviation, {@code Add} its mean) into
 * {@code prediction}, float32 {@code [batch, 1]}, the only output.
 */
final class OnnxConvention {
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
        return exported.toBuilder().setGraph(rewritten).build();
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
        return exported.toBuilder().setGraph(rewritten).build();
    }

    /**
     * Tribuo's graph behind the raw input {@code features} and its standardization, its outputs cleared: the caller adds
     * the convention's.
     */
    private static OnnxMl.GraphProto.Builder readingRawFeatures(OnnxMl.GraphProto graph, FeatureStatistics statistics) {
        int featureCount = statistics.mean().length;
        if (graph.getInputCount() != 1 || graph.getOutputCount() != 1) {
            throw new IllegalStateException("expected Tribuo to export one input and one output, got " + graph.getInputList());
        }
        long width = graph.getInput(0).getType().getTensorType().getShape().getDim(1).getDimValue();
        if (width != featureCount) {
            throw new IllegalStateException("the exported model reads " + width + " features, the data has " + featureCount);
        }
        String tribuoInput = graph.getInput(0).getName();
        return graph.toBuilder()
                .clearInput()
                .addInput(tensor("features", OnnxMl.TensorProto.DataType.FLOAT, -1, featureCount))
                .addInitializer(floats("feature_mean", statistics.mean()))
                .addInitializer(floats("feature_inverse_std", statistics.inverseStd()))
                .clearNode()
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Sub").setName("center")
                        .addInput("features").addInput("feature_mean").addOutput("centered"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Mul").setName("scale")
                        .addInput("centered").addInput("feature_inverse_std").addOutput(tribuoInput))
                .addAllNode(graph.getNodeList())
                .clearOutput();
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
