package io.modelmarket.verify;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX model's protobuf without running it, refuses what is unsafe, and decides how the verifier
 * reads its prediction: a class (classification) or a number (regression, a class count of 0 as on chain). Refused: files over the size limit; operators outside the allowed domains (custom
 * ops), also inside subgraphs; any tensor stored as external data (a path in a model must never read a
 * file); declared tensors over the element limit; anything but one float32 input {@code [batch, F]} with
 * F equal to the dataset's width; no usable output.
 */
public final class ModelInspector {
    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();
    private static final int INT64 = OnnxMl.TensorProto.DataType.INT64.getNumber();

    private final ModelLimits limits;

    public ModelInspector(ModelLimits limits) {
        this.limits = limits;
    }

    /**
     * Inspects {@code model} for a dataset of {@code featureCount} features and {@code classCount} classes; a class
     * count of 0 is a regression bounty's (its {@code numClasses} on chain), whose model answers a number.
     *
     * @param outputName the output the bounty metadata names, or {@code null} to choose by convention
     */
    public ModelInspection inspect(byte[] model, long featureCount, int classCount, String outputName) throws ModelRejectedException {
        if (model.length > limits.maxModelBytes()) {
            throw new ModelRejectedException("the model has " + model.length + " bytes; the limit is " + limits.maxModelBytes());
        }
        OnnxMl.ModelProto proto;
        try {
            proto = OnnxMl.ModelProto.parseFrom(model);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelRejectedException("not an ONNX model: " + e.getMessage());
        }
        if (!proto.hasGraph()) {
            throw new ModelRejectedException("not an ONNX model: it has no graph");
        }
        Map<String, Long> opsets = new LinkedHashMap<>();
        for (OnnxMl.OperatorSetIdProto opset : proto.getOpsetImportList()) {
            checkDomain(opset.getDomain(), "an opset import");
            opsets.put(opset.getDomain(), opset.getVersion());
        }
        long[] parameters = {0};
        checkGraph(proto.getGraph(), parameters);

        OnnxMl.GraphProto graph = proto.getGraph();
        Set<String> initializers = new HashSet<>();
        graph.getInitializerList().forEach(t -> initializers.add(t.getName()));
        List<OnnxMl.ValueInfoProto> realInputs = graph.getInputList().stream().filter(i -> !initializers.contains(i.getName())).toList();
        if (realInputs.size() != 1) {
            throw new ModelRejectedException("the model must take one input (float32 [batch, " + featureCount + "]), it takes " + realInputs.size());
        }
        OnnxMl.ValueInfoProto input = realInputs.get(0);
        List<Long> inputShape = shape(input);
        if (elementType(input) != FLOAT || inputShape.size() != 2) {
            throw new ModelRejectedException("the input '" + input.getName() + "' must be float32 [batch, " + featureCount + "], it is "
                    + typeName(elementType(input)) + " " + inputShape);
        }
        if (inputShape.get(1) != featureCount) {
            throw new ModelRejectedException("the model reads " + inputShape.get(1) + " features per row; the dataset has " + featureCount);
        }
        OutputChoice choice = classCount == 0 ? chooseValueOutput(graph.getOutputList(), outputName)
                : chooseOutput(graph.getOutputList(), classCount, outputName);
        String producer = (proto.getProducerName() + " " + proto.getProducerVersion()).strip();
        return new ModelInspection(List.of(tensor(input)), graph.getOutputList().stream().map(ModelInspector::tensor).toList(),
                opsets, producer, parameters[0], model.length, featureCount, choice.name(), choice.isIndex(), choice.isValue());
    }

    private void checkGraph(OnnxMl.GraphProto graph, long[] parameters) throws ModelRejectedException {
        for (OnnxMl.TensorProto initializer : graph.getInitializerList()) {
            parameters[0] += checkTensor(initializer);
        }
        for (OnnxMl.SparseTensorProto sparse : graph.getSparseInitializerList()) {
            checkTensor(sparse.getValues());
            checkTensor(sparse.getIndices());
        }
        for (OnnxMl.ValueInfoProto value : concat(graph.getInputList(), graph.getOutputList(), graph.getValueInfoList())) {
            long elements = 1;
            for (long dim : shape(value)) {
                elements = dim > 0 ? Math.multiplyExact(elements, dim) : elements;
            }
            if (elements > limits.maxTensorElements()) {
                throw new ModelRejectedException("'" + value.getName() + "' declares " + elements + " elements; the limit is " + limits.maxTensorElements());
            }
        }
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            checkDomain(node.getDomain(), "operator " + node.getOpType());
            for (OnnxMl.AttributeProto attribute : node.getAttributeList()) {
                if (attribute.hasT()) {
                    checkTensor(attribute.getT());
                }
                for (OnnxMl.TensorProto tensor : attribute.getTensorsList()) {
                    checkTensor(tensor);
                }
                if (attribute.hasG()) {
                    checkGraph(attribute.getG(), parameters);
                }
                for (OnnxMl.GraphProto subgraph : attribute.getGraphsList()) {
                    checkGraph(subgraph, parameters);
                }
            }
        }
    }

    /** Refuses external data and oversized tensors; returns the element count. */
    private long checkTensor(OnnxMl.TensorProto tensor) throws ModelRejectedException {
        if (tensor.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL || tensor.getExternalDataCount() > 0) {
            throw new ModelRejectedException("tensor '" + tensor.getName() + "' refers to external data; models must be self-contained");
        }
        long elements = 1;
        for (long dim : tensor.getDimsList()) {
            if (dim < 0) {
                throw new ModelRejectedException("tensor '" + tensor.getName() + "' has a negative dimension");
            }
            elements = Math.multiplyExact(elements, dim);
        }
        if (elements > limits.maxTensorElements()) {
            throw new ModelRejectedException("tensor '" + tensor.getName() + "' declares " + elements + " elements; the limit is " + limits.maxTensorElements());
        }
        return elements;
    }

    private void checkDomain(String domain, String where) throws ModelRejectedException {
        if (!limits.allowedDomains().contains(domain)) {
            throw new ModelRejectedException(where + " uses the operator domain '" + domain + "'; allowed: " + limits.allowedDomains());
        }
    }

    private record OutputChoice(String name, boolean isIndex, boolean isValue) {
        OutputChoice(String name, boolean isIndex) {
            this(name, isIndex, false);
        }
    }

    /** A regression model's prediction: the named output, else the first float32 [batch] or [batch, 1]. */
    private static OutputChoice chooseValueOutput(List<OnnxMl.ValueInfoProto> outputs, String outputName) throws ModelRejectedException {
        for (OnnxMl.ValueInfoProto output : outputs) {
            boolean named = outputName != null && output.getName().equals(outputName);
            if (outputName != null && !named) {
                continue;
            }
            List<Long> shape = shape(output);
            if (elementType(output) == FLOAT && (shape.size() == 1 || (shape.size() == 2 && shape.get(1) == 1))) {
                return new OutputChoice(output.getName(), false, true);
            }
            if (named) {
                throw new ModelRejectedException("output '" + outputName + "' is " + typeName(elementType(output)) + " " + shape
                        + "; expected float32 [batch] or [batch, 1]");
            }
        }
        throw new ModelRejectedException(outputName != null ? "the model has no output named '" + outputName + "'"
                : "no output holds a prediction (float32 [batch] or [batch, 1])");
    }

    /** The named output; else the first int64 [batch] or [batch, 1]; else the first float [batch, classes]. */
    private static OutputChoice chooseOutput(List<OnnxMl.ValueInfoProto> outputs, int classCount, String outputName) throws ModelRejectedException {
        for (OnnxMl.ValueInfoProto output : outputs) {
            boolean named = outputName != null && output.getName().equals(outputName);
            if (outputName != null && !named) {
                continue;
            }
            List<Long> shape = shape(output);
            if (elementType(output) == INT64 && (shape.size() == 1 || (shape.size() == 2 && shape.get(1) == 1))) {
                return new OutputChoice(output.getName(), true);
            }
            if (named && elementType(output) == FLOAT && shape.size() == 2 && shape.get(1) == classCount) {
                return new OutputChoice(output.getName(), false);
            }
            if (named) {
                throw new ModelRejectedException("output '" + outputName + "' is " + typeName(elementType(output)) + " " + shape
                        + "; expected int64 [batch] or float32 [batch, " + classCount + "]");
            }
        }
        if (outputName != null) {
            throw new ModelRejectedException("the model has no output named '" + outputName + "'");
        }
        for (OnnxMl.ValueInfoProto output : outputs) {
            List<Long> shape = shape(output);
            if (elementType(output) == FLOAT && shape.size() == 2 && shape.get(1) == classCount) {
                return new OutputChoice(output.getName(), false);
            }
        }
        throw new ModelRejectedException("no output holds class indices (int64 [batch]) or scores (float32 [batch, " + classCount + "])");
    }

    private static int elementType(OnnxMl.ValueInfoProto value) {
        return value.getType().getTensorType().getElemType();
    }

    private static List<Long> shape(OnnxMl.ValueInfoProto value) {
        List<Long> dims = new ArrayList<>();
        for (OnnxMl.TensorShapeProto.Dimension dim : value.getType().getTensorType().getShape().getDimList()) {
            dims.add(dim.hasDimValue() ? dim.getDimValue() : -1L);
        }
        return dims;
    }

    private static ModelInspection.Tensor tensor(OnnxMl.ValueInfoProto value) {
        return new ModelInspection.Tensor(value.getName(), typeName(elementType(value)), shape(value));
    }

    private static String typeName(int elementType) {
        OnnxMl.TensorProto.DataType type = OnnxMl.TensorProto.DataType.forNumber(elementType);
        return type == null ? "type " + elementType : type.name().toLowerCase();
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<T> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
