// The model convention checked in the browser exactly as the verifier checks it (Java's ModelInspector; docs/models.md):
// the ONNX protobuf is read without running anything, and a model the verifier would refuse is refused here first,
// with the verifier's words, before the trainer commits to it. Same limits, same order of checks, same messages.
import { ModelProblem } from "./problems";
import { featureColumns, type FeatureColumn } from "./terms";

/** What the verifier allows (Java's ModelLimits.defaults()). */
export const MODEL_LIMITS = {
  maxModelBytes: 200 * 1024 * 1024,
  maxTensorElements: 100_000_000n,
  allowedDomains: ["", "ai.onnx", "ai.onnx.ml"],
} as const;

/**
 * How the verifier will read a model: its float32 input (the numeric features) and its string input (the categorical
 * features), each null when it has none, and the output that holds the class index, the scores or the value.
 */
export interface ModelInspection {
  numericInput: string | null;
  stringInput: string | null;
  featureCount: number;
  classOutput: string;
  /** True for an int64 class index output, false for float scores that are arg-maxed or a value. */
  classOutputIsIndex: boolean;
  /** True for a regression bounty's model: the output holds one float32 prediction per row ([batch] or [batch, 1]). */
  valueOutput: boolean;
  producer: string;
}

// ONNX's TensorProto.DataType numbers, named as Java prints them (the enum name in lower case).
const FLOAT = 1;
const INT64 = 7;
const STRING = 8;
const TYPE_NAMES = ["undefined", "float", "uint8", "int8", "uint16", "int16", "int32", "int64", "string", "bool", "float16",
  "double", "uint32", "uint64", "complex64", "complex128", "bfloat16"];
const EXTERNAL = 1n; // TensorProto.DataLocation

/**
 * Inspects `model` for a bounty of the feature columns `features` (or that many numeric ones) and `classCount` classes
 * (0: a regression bounty, whose model answers a number); `outputName` is the output the bounty's metadata names
 * (`onnx.outputName`), if any. Throws a `ModelProblem` ("refused") naming what is wrong.
 */
export function inspectModel(model: Uint8Array, features: number | readonly FeatureColumn[], classCount: number, outputName?: string | null): ModelInspection {
  const columns = typeof features === "number" ? featureColumns({ featureCount: features }) : features;
  const featureCount = columns.length;
  if (model.length > MODEL_LIMITS.maxModelBytes) refuse(`the model has ${model.length} bytes; the limit is ${MODEL_LIMITS.maxModelBytes}`);
  const proto = message(model, "the model");
  const graphBytes = proto.last(7);
  if (graphBytes === undefined) refuse("not an ONNX model: it has no graph");
  for (const opset of proto.all(8)) checkDomain(message(opset, "an opset import").string(1), "an opset import");
  const graph = message(graphBytes, "the graph");
  checkGraph(graph);

  const initializers = new Set(graph.all(5).map((tensor) => message(tensor, "an initializer").string(8)));
  const inputs = graph.all(11).map((value) => valueInfo(value)).filter((input) => !initializers.has(input.name));
  const categorical = columns.filter((column) => column.type === "string").map((column) => column.name);
  const { numericInput, stringInput } = categorical.length === 0 ? numericOnly(inputs, featureCount)
    : mixedInputs(inputs, featureCount - categorical.length, categorical);
  const outputs = graph.all(12).map((value) => valueInfo(value));
  const output = classCount === 0 ? chooseValueOutput(outputs, outputName ?? null) : chooseOutput(outputs, classCount, outputName ?? null);
  return {
    numericInput,
    stringInput,
    featureCount,
    classOutput: output.name,
    classOutputIsIndex: output.isIndex,
    valueOutput: classCount === 0,
    producer: `${proto.string(2)} ${proto.string(3)}`.trim(),
  };
}

/** An all-numeric dataset's model: one float32 input [batch, F], read whatever its name. */
function numericOnly(inputs: ValueInfo[], featureCount: number): { numericInput: string; stringInput: null } {
  if (inputs.length !== 1) refuse(`the model must take one input (float32 [batch, ${featureCount}]), it takes ${inputs.length}`);
  const input = inputs[0];
  if (input.elementType !== FLOAT || input.shape.length !== 2) {
    refuse(`the input '${input.name}' must be float32 [batch, ${featureCount}], it is ${typeName(input.elementType)} ${shapeText(input.shape)}`);
  }
  if (input.shape[1] !== BigInt(featureCount)) refuse(`the model reads ${input.shape[1]} features per row; the dataset has ${featureCount}`);
  return { numericInput: input.name, stringInput: null };
}

/**
 * A dataset with categorical features (docs/models.md, "Inputs"): a float32 input [batch, numericCount] when
 * numericCount >= 1, a string input [batch, categorical.length], nothing else. Checked in Java's order: every input's
 * element type, one input of each type at most, every input's rank, then the numeric input, then the string input.
 */
function mixedInputs(inputs: ValueInfo[], numericCount: number, categorical: string[]): { numericInput: string | null; stringInput: string } {
  let numeric: ValueInfo | null = null;
  let string: ValueInfo | null = null;
  for (const input of inputs) {
    const type = input.elementType;
    if (type !== FLOAT && type !== STRING) {
      refuse(`the model's input '${input.name}' is ${elementName(type)}; inputs are float32 (numeric features) or string (categorical features)`);
    }
    const other = type === FLOAT ? numeric : string;
    if (other !== null) {
      refuse(`the model has two ${elementName(type)} inputs ('${other.name}', '${input.name}'); it takes one float32 input (numeric features)`
        + " and one string input (categorical features) at most");
    }
    if (type === FLOAT) numeric = input;
    else string = input;
  }
  for (const input of inputs) {
    if (input.shape.length !== 2) {
      refuse(`the model's input '${input.name}' is ${elementName(input.elementType)} ${shapeText(input.shape)}; inputs are [batch, features]`);
    }
  }
  if (numericCount === 0 && numeric !== null) refuse(`the model has a float32 input '${numeric.name}'; the dataset has no numeric feature`);
  if (numericCount > 0 && numeric === null) {
    refuse(`the model has no float32 input; the dataset has ${numericCount} numeric feature${numericCount === 1 ? "" : "s"}`);
  }
  if (numeric !== null && numeric.shape[1] !== BigInt(numericCount)) {
    refuse(`the model reads ${numeric.shape[1]} numeric features per row; the dataset has ${numericCount}`);
  }
  if (string === null) {
    return refuse(`the model has no string input; the dataset has ${categorical.length} categorical feature${categorical.length === 1 ? "" : "s"}`
      + ` (${categorical.join(", ")})`);
  }
  if (string.shape[1] !== BigInt(categorical.length)) {
    refuse(`the model reads ${string.shape[1]} categorical features per row; the dataset has ${categorical.length}`);
  }
  return { numericInput: numeric === null ? null : numeric.name, stringInput: string.name };
}

function refuse(message: string): never {
  throw new ModelProblem("refused", message);
}

function checkDomain(domain: string, where: string): void {
  if (!(MODEL_LIMITS.allowedDomains as readonly string[]).includes(domain)) {
    refuse(`${where} uses the operator domain '${domain}'; allowed: [${MODEL_LIMITS.allowedDomains.join(", ")}]`);
  }
}

/** Initializers, value shapes and every node (domains, attribute tensors, subgraphs), in Java's order. */
function checkGraph(graph: Message): void {
  for (const tensor of graph.all(5)) checkTensor(message(tensor, "an initializer"));
  for (const sparse of graph.all(15)) {
    const fields = message(sparse, "a sparse initializer");
    checkTensor(message(fields.last(1) ?? new Uint8Array(), "a sparse tensor"));
    checkTensor(message(fields.last(2) ?? new Uint8Array(), "a sparse tensor"));
  }
  for (const value of [...graph.all(11), ...graph.all(12), ...graph.all(13)]) {
    const info = valueInfo(value);
    const elements = info.shape.reduce((product, dim) => (dim > 0n ? product * dim : product), 1n);
    if (elements > MODEL_LIMITS.maxTensorElements) {
      refuse(`'${info.name}' declares ${elements} elements; the limit is ${MODEL_LIMITS.maxTensorElements}`);
    }
  }
  for (const nodeBytes of graph.all(1)) {
    const node = message(nodeBytes, "a node");
    checkDomain(node.string(7), `operator ${node.string(4)}`);
    for (const attributeBytes of node.all(5)) {
      const attribute = message(attributeBytes, "an attribute");
      const tensor = attribute.last(5);
      if (tensor !== undefined) checkTensor(message(tensor, "an attribute tensor"));
      for (const each of attribute.all(10)) checkTensor(message(each, "an attribute tensor"));
      const subgraph = attribute.last(6);
      if (subgraph !== undefined) checkGraph(message(subgraph, "a subgraph"));
      for (const each of attribute.all(11)) checkGraph(message(each, "a subgraph"));
    }
  }
}

/** Refuses external data, negative dimensions and oversized tensors. */
function checkTensor(tensor: Message): void {
  const name = tensor.string(8);
  if (tensor.int(14) === EXTERNAL || tensor.all(13).length > 0) refuse(`tensor '${name}' refers to external data; models must be self-contained`);
  let elements = 1n;
  for (const dim of tensor.ints(1)) {
    if (dim < 0n) refuse(`tensor '${name}' has a negative dimension`);
    elements *= dim;
  }
  if (elements > MODEL_LIMITS.maxTensorElements) {
    refuse(`tensor '${name}' declares ${elements} elements; the limit is ${MODEL_LIMITS.maxTensorElements}`);
  }
}

interface ValueInfo {
  name: string;
  elementType: number;
  /** -1 for a dimension without a value (a named or unknown one), as Java reads it. */
  shape: bigint[];
}

function valueInfo(bytes: Uint8Array): ValueInfo {
  const value = message(bytes, "a value");
  const tensorType = message(message(value.last(2) ?? new Uint8Array(), "a type").last(1) ?? new Uint8Array(), "a tensor type");
  const shape = message(tensorType.last(2) ?? new Uint8Array(), "a shape").all(1).map((dim) => {
    const dimension = message(dim, "a dimension");
    return dimension.has(1) ? dimension.int(1) : -1n;
  });
  return { name: value.string(1), elementType: Number(tensorType.int(1)), shape };
}

/** A regression model's prediction: the named output, else the first float32 [batch] or [batch, 1] (Java's chooseValueOutput). */
function chooseValueOutput(outputs: ValueInfo[], outputName: string | null): { name: string; isIndex: boolean } {
  for (const output of outputs) {
    const named = outputName !== null && output.name === outputName;
    if (outputName !== null && !named) continue;
    if (output.elementType === FLOAT && (output.shape.length === 1 || (output.shape.length === 2 && output.shape[1] === 1n))) {
      return { name: output.name, isIndex: false };
    }
    if (named) refuse(`output '${outputName}' is ${typeName(output.elementType)} ${shapeText(output.shape)}; expected float32 [batch] or [batch, 1]`);
  }
  return refuse(outputName !== null ? `the model has no output named '${outputName}'` : "no output holds a prediction (float32 [batch] or [batch, 1])");
}

/** The named output; else the first int64 [batch] or [batch, 1]; else the first float [batch, classes]. */
function chooseOutput(outputs: ValueInfo[], classCount: number, outputName: string | null): { name: string; isIndex: boolean } {
  const isIndex = (output: ValueInfo) => output.elementType === INT64
    && (output.shape.length === 1 || (output.shape.length === 2 && output.shape[1] === 1n));
  const isScores = (output: ValueInfo) => output.elementType === FLOAT && output.shape.length === 2 && output.shape[1] === BigInt(classCount);
  if (outputName !== null) {
    const named = outputs.find((output) => output.name === outputName);
    if (named === undefined) refuse(`the model has no output named '${outputName}'`);
    if (isIndex(named)) return { name: named.name, isIndex: true };
    if (isScores(named)) return { name: named.name, isIndex: false };
    refuse(`output '${outputName}' is ${typeName(named.elementType)} ${shapeText(named.shape)}; expected int64 [batch] or float32 [batch, ${classCount}]`);
  }
  const index = outputs.find(isIndex);
  if (index !== undefined) return { name: index.name, isIndex: true };
  const scores = outputs.find(isScores);
  if (scores !== undefined) return { name: scores.name, isIndex: false };
  refuse(`no output holds class indices (int64 [batch]) or scores (float32 [batch, ${classCount}])`);
}

/** An element type as the mixed inputs' messages name it: float32 for float, else as typeName. */
function elementName(elementType: number): string {
  return elementType === FLOAT ? "float32" : typeName(elementType);
}

function typeName(elementType: number): string {
  return TYPE_NAMES[elementType] ?? `type ${elementType}`;
}

/** A shape as Java prints a List<Long>: [-1, 4]. */
function shapeText(shape: bigint[]): string {
  return `[${shape.join(", ")}]`;
}

// ------------------------------------------------------------- a protobuf reader, just enough for ONNX's messages

/** The fields of one protobuf message: varints as bigint, length-delimited fields as bytes (fixed-width ones skipped). */
class Message {
  constructor(private readonly fields: Map<number, (bigint | Uint8Array)[]>) {}

  has(field: number): boolean {
    return this.fields.has(field);
  }

  all(field: number): Uint8Array[] {
    return (this.fields.get(field) ?? []).filter((value): value is Uint8Array => value instanceof Uint8Array);
  }

  last(field: number): Uint8Array | undefined {
    return this.all(field).at(-1);
  }

  string(field: number): string {
    const bytes = this.last(field);
    return bytes === undefined ? "" : new TextDecoder().decode(bytes);
  }

  /** A signed int64 or enum field (0 when absent). */
  int(field: number): bigint {
    const value = (this.fields.get(field) ?? []).filter((each) => typeof each === "bigint").at(-1);
    return value === undefined ? 0n : BigInt.asIntN(64, value);
  }

  /** A repeated int64 field, packed or not. */
  ints(field: number): bigint[] {
    const values: bigint[] = [];
    for (const value of this.fields.get(field) ?? []) {
      if (typeof value === "bigint") {
        values.push(BigInt.asIntN(64, value));
      } else {
        const reader = { bytes: value, position: 0 };
        while (reader.position < value.length) values.push(BigInt.asIntN(64, varint(reader, "a packed field")));
      }
    }
    return values;
  }
}

function message(bytes: Uint8Array, what: string): Message {
  const fields = new Map<number, (bigint | Uint8Array)[]>();
  const reader = { bytes, position: 0 };
  while (reader.position < bytes.length) {
    const key = varint(reader, what);
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    let value: bigint | Uint8Array | null = null;
    if (wireType === 0) {
      value = varint(reader, what);
    } else if (wireType === 2) {
      const length = Number(varint(reader, what));
      if (reader.position + length > bytes.length) notOnnx(`${what} is cut short`);
      value = bytes.subarray(reader.position, reader.position + length);
      reader.position += length;
    } else if (wireType === 1 || wireType === 5) {
      reader.position += wireType === 1 ? 8 : 4;
      if (reader.position > bytes.length) notOnnx(`${what} is cut short`);
    } else {
      notOnnx(`${what} holds a field of wire type ${wireType}`);
    }
    if (field === 0) notOnnx(`${what} holds a field numbered 0`);
    if (value !== null) {
      const values = fields.get(field);
      if (values === undefined) fields.set(field, [value]);
      else values.push(value);
    }
  }
  return new Message(fields);
}

function varint(reader: { bytes: Uint8Array; position: number }, what: string): bigint {
  let value = 0n;
  for (let shift = 0n; shift < 70n; shift += 7n) {
    const byte = reader.bytes[reader.position++];
    if (byte === undefined) notOnnx(`${what} is cut short`);
    value |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return value;
  }
  return notOnnx(`${what} holds a malformed number`);
}

function notOnnx(reason: string): never {
  return refuse(`not an ONNX model: ${reason}`);
}
