package io.modelmarket.verify;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;

/** Hand-built ONNX models for the tests: honest linear classifiers and hostile graphs. */
final class Graphs {
    private Graphs() {}

    /** {@code label = ArgMax(X · W + b)}: int64 output {@code label} and float output {@code scores}. */
    static byte[] linear(float[][] weights, float[] bias, boolean withArgMax) {
        int features = weights.length;
        int classes = bias.length;
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("linear")
                .addInput(value("X", DataType.FLOAT, -1, features))
                .addInitializer(floats("W", flatten(weights), features, classes))
                .addInitializer(floats("b", bias, classes))
                .addNode(node("MatMul", "X", "W", "XW"))
                .addNode(node("Add", "XW", "b", "scores"));
        if (withArgMax) {
            graph.addNode(node("ArgMax", "scores", null, "label").addAttribute(intAttribute("axis", 1)).addAttribute(intAttribute("keepdims", 0)))
                    .addOutput(value("label", DataType.INT64, -1));
        }
        graph.addOutput(value("scores", DataType.FLOAT, -1, classes));
        return model(graph, "").toByteArray();
    }

    /**
     * A linear classifier whose int64 output {@code label} is {@code value} for every row, whatever the scores:
     * not a class index when {@code value} is negative or not below the class count.
     */
    static byte[] constantClass(int features, int classes, long value) {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("constant")
                .addInput(value("X", DataType.FLOAT, -1, features))
                .addInitializer(floats("W", new float[features * classes], features, classes))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("zero").setDataType(DataType.INT64.getNumber()).addInt64Data(0))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("value").setDataType(DataType.INT64.getNumber()).addInt64Data(value))
                .addNode(node("MatMul", "X", "W", "scores"))
                .addNode(node("ArgMax", "scores", null, "best").addAttribute(intAttribute("axis", 1)).addAttribute(intAttribute("keepdims", 0)))
                .addNode(node("Mul", "best", "zero", "nothing"))
                .addNode(node("Add", "nothing", "value", "label"))
                .addOutput(value("label", DataType.INT64, -1))
                .addOutput(value("scores", DataType.FLOAT, -1, classes));
        return model(graph, "").toByteArray();
    }

    /** A random two-layer perceptron {@code ArgMax(Relu(X·W1 + b1)·W2 + b2)}: the size of a small real MLP. */
    static byte[] mlp(int features, int hidden, int classes, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] w1 = new float[features * hidden];
        float[] w2 = new float[hidden * classes];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = (float) (random.nextGaussian() * 0.01);
        }
        for (int i = 0; i < w2.length; i++) {
            w2[i] = (float) (random.nextGaussian() * 0.1);
        }
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("mlp")
                .addInput(value("X", DataType.FLOAT, -1, features))
                .addInitializer(floats("W1", w1, features, hidden))
                .addInitializer(floats("b1", new float[hidden], hidden))
                .addInitializer(floats("W2", w2, hidden, classes))
                .addInitializer(floats("b2", new float[classes], classes))
                .addNode(node("MatMul", "X", "W1", "h0"))
                .addNode(node("Add", "h0", "b1", "h1"))
                .addNode(node("Relu", "h1", null, "h2"))
                .addNode(node("MatMul", "h2", "W2", "s0"))
                .addNode(node("Add", "s0", "b2", "scores"))
                .addNode(node("ArgMax", "scores", null, "label").addAttribute(intAttribute("axis", 1)).addAttribute(intAttribute("keepdims", 0)))
                .addOutput(value("label", DataType.INT64, -1))
                .addOutput(value("scores", DataType.FLOAT, -1, classes));
        return model(graph, "").toByteArray();
    }

    /**
     * Scores {@code op(X · W)} with {@code W} picking feature c for class c, and no class index output: with
     * {@code Sqrt}, a row whose feature c is negative scores NaN for class c; with {@code Reciprocal}, a zero scores infinity.
     */
    static byte[] unaryScores(int features, int classes, String op) {
        float[] weights = new float[features * classes];
        for (int c = 0; c < Math.min(features, classes); c++) {
            weights[c * classes + c] = 1;
        }
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("unary")
                .addInput(value("X", DataType.FLOAT, -1, features))
                .addInitializer(floats("W", weights, features, classes))
                .addNode(node("MatMul", "X", "W", "XW"))
                .addNode(node(op, "XW", null, "scores"))
                .addOutput(value("scores", DataType.FLOAT, -1, classes));
        return model(graph, "").toByteArray();
    }

    /**
     * A linear model that also fills a tensor of {@code 10^5 × 10^5} floats (40 GB) from a two-element shape,
     * which no declared size reveals: it passes inspection and must be stopped by the sandbox's memory limit.
     */
    static byte[] memoryBomb(int features, int classes) {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("bomb")
                .addInput(value("X", DataType.FLOAT, -1, features))
                .addInitializer(floats("W", new float[features * classes], features, classes))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("shape").setDataType(DataType.INT64.getNumber()).addDims(2)
                        .addInt64Data(100_000).addInt64Data(100_000))
                .addNode(node("MatMul", "X", "W", "XW"))
                .addNode(node("ConstantOfShape", "shape", null, "huge"))
                .addNode(node("ReduceSum", "huge", null, "total"))
                .addNode(node("Add", "XW", "total", "scores"))
                .addOutput(value("scores", DataType.FLOAT, -1, classes));
        return model(graph, "").toByteArray();
    }

    /** A linear model whose weights live in an external file: must be refused before anything reads it. */
    static byte[] externalData(int features, int classes) {
        OnnxMl.ModelProto honest = parse(linear(new float[features][classes], new float[classes], true));
        OnnxMl.TensorProto external = OnnxMl.TensorProto.newBuilder()
                .setName("W").setDataType(DataType.FLOAT.getNumber()).addDims(features).addDims(classes)
                .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue("/etc/passwd"))
                .build();
        return honest.toBuilder().setGraph(honest.getGraph().toBuilder().setInitializer(0, external)).build().toByteArray();
    }

    /** A linear model with one node in a custom operator domain. */
    static byte[] customOp(int features, int classes) {
        OnnxMl.ModelProto honest = parse(linear(new float[features][classes], new float[classes], true));
        OnnxMl.GraphProto graph = honest.getGraph().toBuilder()
                .setNode(1, honest.getGraph().getNode(1).toBuilder().setDomain("com.evil").setOpType("Exfiltrate"))
                .build();
        return honest.toBuilder().setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("com.evil").setVersion(1))
                .build().toByteArray();
    }

    /** A model declaring a 10^10-element weight tensor (no data needed to make the point). */
    static byte[] hugeTensor(int features) {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("huge")
                .addInput(value("X", DataType.FLOAT, -1, features))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("W").setDataType(DataType.FLOAT.getNumber())
                        .addDims(features).addDims(10_000_000_000L / features))
                .addNode(node("MatMul", "X", "W", "scores"))
                .addOutput(value("scores", DataType.FLOAT, -1, 2));
        return model(graph, "").toByteArray();
    }

    /** A graph that loops (nearly) forever before answering: must be stopped by the time limit. */
    static byte[] endlessLoop(int features, int classes) {
        OnnxMl.GraphProto body = OnnxMl.GraphProto.newBuilder().setName("body")
                .addInput(value("i", DataType.INT64))
                .addInput(value("cond_in", DataType.BOOL))
                .addInput(value("v_in", DataType.FLOAT, -1, features))
                .addNode(node("Identity", "cond_in", null, "cond_out"))
                .addNode(node("Identity", "v_in", null, "v_out"))
                .addOutput(value("cond_out", DataType.BOOL))
                .addOutput(value("v_out", DataType.FLOAT, -1, features))
                .build();
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("endless")
                .addInput(value("X", DataType.FLOAT, -1, features))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("M").setDataType(DataType.INT64.getNumber()).addInt64Data(Long.MAX_VALUE))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("cond").setDataType(DataType.BOOL.getNumber()).addInt32Data(1))
                .addInitializer(floats("W", new float[features * classes], features, classes))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Loop").addInput("M").addInput("cond").addInput("X").addOutput("Y")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("body").setType(OnnxMl.AttributeProto.AttributeType.GRAPH).setG(body)))
                .addNode(node("MatMul", "Y", "W", "scores"))
                .addOutput(value("scores", DataType.FLOAT, -1, classes));
        return model(graph, "").toByteArray();
    }

    /** A model that passes inspection but names an operator ONNX Runtime does not have. */
    static byte[] unknownOperator(int features, int classes) {
        OnnxMl.ModelProto honest = parse(linear(new float[features][classes], new float[classes], true));
        OnnxMl.GraphProto graph = honest.getGraph().toBuilder()
                .setNode(1, honest.getGraph().getNode(1).toBuilder().setOpType("NoSuchOperator"))
                .build();
        return honest.toBuilder().setGraph(graph).build().toByteArray();
    }

    /**
     * A regression model {@code X · w + b}: a float output {@code name} of shape {@code [batch, 1]}, or {@code [batch]}
     * when {@code flat}, and an int64 output {@code rounded} (which a regression bounty's verifier never reads).
     */
    static byte[] regression(float[] weights, float bias, String name, boolean flat) {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("regression")
                .addInput(value("X", DataType.FLOAT, -1, weights.length))
                .addInitializer(floats("w", weights, weights.length, 1))
                .addInitializer(floats("b", new float[] {bias}, 1))
                .addNode(node("MatMul", "X", "w", "Xw"))
                .addNode(node("Add", "Xw", "b", flat ? "column" : name));
        if (flat) {
            graph.addInitializer(OnnxMl.TensorProto.newBuilder().setName("batch_shape").setDataType(DataType.INT64.getNumber()).addDims(1).addInt64Data(-1))
                    .addNode(node("Reshape", "column", "batch_shape", name));
        }
        graph.addNode(node("Cast", flat ? name : "Xw", null, "rounded").addAttribute(intAttribute("to", DataType.INT64.getNumber())))
                // declared with the shape it has, [batch] or [batch, 1]: ONNX Runtime Web refuses a model whose declared output shape is not the inferred one
                .addOutput(flat ? value("rounded", DataType.INT64, -1) : value("rounded", DataType.INT64, -1, 1))
                .addOutput(flat ? value(name, DataType.FLOAT, -1) : value(name, DataType.FLOAT, -1, 1));
        return model(graph, "").toByteArray();
    }

    /**
     * A mixed-column classifier built by hand, as another tool might export one: float input {@code num} {@code [batch,
     * numeric]} with NaN replaced by 0 ({@code IsNaN}, {@code Where}), string input {@code cat} {@code [batch, categorical]}
     * mapped to {@code vocabulary}'s index (ai.onnx.ml {@code CategoryMapper}, -1 for any other value, missing included),
     * both concatenated and scored by a seeded random linear layer: int64 output {@code label}, float output {@code scores}.
     */
    static byte[] mixed(int numeric, int categorical, java.util.List<String> vocabulary, int classes, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[][] weights = new float[numeric + categorical][classes];
        for (float[] row : weights) {
            for (int c = 0; c < classes; c++) {
                row[c] = (float) random.nextGaussian();
            }
        }
        return mixed(numeric, categorical, vocabulary, weights, new float[classes]);
    }

    /** {@link #mixed(int, int, java.util.List, int, long)} with the linear layer's {@code weights} ({@code [numeric + categorical][classes]}) and {@code bias}. */
    static byte[] mixed(int numeric, int categorical, java.util.List<String> vocabulary, float[][] weights, float[] bias) {
        int width = numeric + categorical;
        int classes = bias.length;
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("mixed")
                .addInput(value("num", DataType.FLOAT, -1, numeric))
                .addInput(value("cat", DataType.STRING, -1, categorical))
                .addInitializer(floats("zero", new float[] {0}))
                .addInitializer(floats("W", flatten(weights), width, classes))
                .addInitializer(floats("b", bias, classes))
                .addNode(node("IsNaN", "num", null, "missing"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Where").setName("impute").addInput("missing").addInput("zero").addInput("num")
                        .addOutput("clean"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("CategoryMapper").setDomain("ai.onnx.ml").setName("codes").addInput("cat")
                        .addOutput("codes")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("cats_strings").setType(OnnxMl.AttributeProto.AttributeType.STRINGS)
                                .addAllStrings(vocabulary.stream().map(com.google.protobuf.ByteString::copyFromUtf8).toList()))
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("cats_int64s").setType(OnnxMl.AttributeProto.AttributeType.INTS)
                                .addAllInts(java.util.stream.LongStream.range(0, vocabulary.size()).boxed().toList()))
                        .addAttribute(intAttribute("default_int64", -1)))
                .addNode(node("Cast", "codes", null, "code_values").addAttribute(intAttribute("to", DataType.FLOAT.getNumber())))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Concat").setName("row").addInput("clean").addInput("code_values").addOutput("row")
                        .addAttribute(intAttribute("axis", 1)))
                .addNode(node("MatMul", "row", "W", "rowW"))
                .addNode(node("Add", "rowW", "b", "scores"))
                .addNode(node("ArgMax", "scores", null, "label").addAttribute(intAttribute("axis", 1)).addAttribute(intAttribute("keepdims", 0)))
                .addOutput(value("label", DataType.INT64, -1))
                .addOutput(value("scores", DataType.FLOAT, -1, classes));
        return model(graph, "").toBuilder().addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(1)).build()
                .toByteArray();
    }

    private static OnnxMl.ModelProto model(OnnxMl.GraphProto.Builder graph, String domain) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("modelmarket-tests")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(13))
                .setGraph(graph)
                .build();
    }

    private static OnnxMl.ModelProto parse(byte[] model) {
        try {
            return OnnxMl.ModelProto.parseFrom(model);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OnnxMl.NodeProto.Builder node(String op, String a, String b, String out) {
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(out + "_" + op).addInput(a);
        if (b != null) {
            node.addInput(b);
        }
        return node.addOutput(out);
    }

    private static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static OnnxMl.TensorProto floats(String name, float[] values, long... dims) {
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT.getNumber());
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        for (float value : values) {
            tensor.addFloatData(value);
        }
        return tensor.build();
    }

    private static OnnxMl.ValueInfoProto value(String name, DataType type, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long dim : dims) {
            shape.addDim(dim < 0
                    ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    private static float[] flatten(float[][] matrix) {
        float[] flat = new float[matrix.length * matrix[0].length];
        for (int i = 0; i < matrix.length; i++) {
            System.arraycopy(matrix[i], 0, flat, i * matrix[0].length, matrix[0].length);
        }
        return flat;
    }
}
