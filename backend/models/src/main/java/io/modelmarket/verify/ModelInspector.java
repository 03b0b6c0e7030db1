package io.modelmarket.verify;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import io.modelmarket.dataset.BountyMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX model's protobuf without running it, refuses what is unsafe, and decides how the verifier
 * reads its prediction: a class (classification) or a number (regression, a class count of 0 as on chain). Refused: files over the size limit; operators outside the allowed domains (custom
 * ops), also inside subgraphs; any tensor stored as external data (a path in a model must never read a
 * file); declared tensors over the element limit; inputs other than the convention's (docs/models.md, "Inputs"): one
 * float32 input {@code [batch, Fn]} of the numeric features when the dataset has any, one string input {@code [batch, Fs]}
 * of the categorical features when it has any, and nothing else; no usable output. The checks run in a fixed order and
 * their words are the browser's ({@code inspect.ts}).
 */
public final class ModelInspector {
    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();
    private static final int INT64 = OnnxMl.TensorProto.DataType.INT64.getNumber();
    private static final int STRING = OnnxMl.TensorProto.DataType.STRING.getNumber();

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
        return inspect(model, Collections.nCopies(Math.toIntExact(featureCount), BountyMetadata.Feature.NUMERIC),
                Collections.nCopies(Math.toIntExact(featureCount), (String) null), classCount, outputName);
    }

    /** Inspects {@code model} for the bounty {@code metadata} describes: its features' types, its classes or regression. */
    public ModelInspection inspect(byte[] model, BountyMetadata metadata) throws ModelRejectedException {
        return inspect(model, metadata.features().stream().map(BountyMetadata.Feature::type).toList(),
                metadata.features().stream().map(BountyMetadata.Feature::name).toList(), metadata.classCount(), metadata.onnx().outputName());
    }

    /**
     * Inspects {@code model} for a dataset whose features have {@code featureTypes} ({@code float32} or {@code string}, CSV
     * order) and {@code featureNames} (named in errors about categorical features).
     */
    public ModelInspection inspect(byte[] model, List<String> featureTypes, List<String> featureNames, int classCount, String outputName)
            throws ModelRejectedException {
        long featureCount = featureTypes.size();
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
        List<String> categorical = new ArrayList<>();
        for (int i = 0; i < featureTypes.size(); i++) {
            if (BountyMetadata.Feature.CATEGORICAL.equals(featureTypes.get(i))) {
                categorical.add(featureNames.get(i));
            }
        }
        Inputs inputs = categorical.isEmpty() ? numericInput(realInputs, featureCount) : mixedInputs(realInputs, featureCount - categorical.size(), categorical);
        OutputChoice choice = classCount == 0 ? chooseValueOutput(graph.getOutputList(), outputName)
                : chooseOutput(graph.getOutputList(), classCount, outputName);
        String producer = (proto.getProducerName() + " " + proto.getProducerVersion()).strip();
        return new ModelInspection(realInputs.stream().map(ModelInspector::tensor).toList(), graph.getOutputList().stream().map(ModelInspector::tensor).toList(),
                opsets, producer, parameters[0], model.length, featureCount, List.copyOf(featureTypes), inputs.numeric(), inputs.string(),
                choice.name(), choice.isIndex(), choice.isValue());
    }

    /** The names of the model's float32 and string inputs; {@code null} for one it does not have. */
    private record Inputs(String numeric, String string) {}

    /** An all-numeric dataset's model: one float32 input {@code [batch, F]}. */
    private static Inputs numericInput(List<OnnxMl.ValueInfoProto> realInputs, long featureCount) throws ModelRejectedException {
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
        return new Inputs(input.getName(), null);
    }

    /**
     * A dataset with categorical features: a float32 input {@code [batch, numericCount]} when {@code numericCount >= 1}, a
     * string input {@code [batch, categorical.size()]}, nothing else. Checked in this order: every input's element type,
     * one input of each type at most, every input's rank, then the numeric input, then the string input.
     */
    private static Inputs mixedInputs(List<OnnxMl.ValueInfoProto> realInputs, long numericCount, List<String> categorical)
            throws ModelRejectedException {
        OnnxMl.ValueInfoProto numeric = null;
        OnnxMl.ValueInfoProto string = null;
        for (OnnxMl.ValueInfoProto input : realInputs) {
            int type = elementType(input);
            if (type != FLOAT && type != STRING) {
                throw new ModelRejectedException("the model's input '" + input.getName() + "' is " + elementName(type)
                        + "; inputs are float32 (numeric features) or string (categorical features)");
            }
            OnnxMl.ValueInfoProto other = type == FLOAT ? numeric : string;
            if (other != null) {
                throw new ModelRejectedException("the model has two " + elementName(type) + " inputs ('" + other.getName() + "', '" + input.getName()
                        + "'); it takes one float32 input (numeric features) and one string input (categorical features) at most");
            }
            if (type == FLOAT) {
                numeric = input;
            } else {
                string = input;
            }
        }
        for (OnnxMl.ValueInfoProto input : realInputs) {
            if (shape(input).size() != 2) {
                throw new ModelRejectedException("the model's input '" + input.getName() + "' is " + elementName(elementType(input)) + " " + shape(input)
                        + "; inputs are [batch, features]");
            }
        }
        if (numericCount == 0 && numeric != null) {
            throw new ModelRejectedException("the model has a float32 input '" + numeric.getName() + "'; the dataset has no numeric feature");
        }
        if (numericCount > 0 && numeric == null) {
            throw new ModelRejectedException("the model has no float32 input; the dataset has " + numericCount + " numeric feature"
                    + (numericCount == 1 ? "" : "s"));
        }
        if (numeric != null && shape(numeric).get(1) != numericCount) {
            throw new ModelRejectedException("the model reads " + shape(numeric).get(1) + " numeric features per row; the dataset has " + numericCount);
        }
        if (string == null) {
            throw new ModelRejectedException("the model has no string input; the dataset has " + categorical.size() + " categorical feature"
                    + (categorical.size() == 1 ? "" : "s") + " (" + String.join(", ", categorical) + ")");
        }
        if (shape(string).get(1) != categorical.size()) {
            throw new ModelRejectedException("the model reads " + shape(string).get(1) + " categorical features per row; the dataset has " + categorical.size());
        }
        return new Inputs(numeric == null ? null : numeric.getName(), string.getName());
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

    /** An element type as the convention names it: {@code float32} for ONNX's float, else ONNX's name. */
    private static String elementName(int elementType) {
        return elementType == FLOAT ? "float32" : typeName(elementType);
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
