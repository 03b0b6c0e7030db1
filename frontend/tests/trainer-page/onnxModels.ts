// ONNX models written byte by byte for the trainer tests of mixed columns: a protobuf writer just large enough for
// onnx.proto's ModelProto, and the models it makes (inputs of any element type and shape for the inspection's
// refusals; a small classifier over a float32 and a string input that ONNX Runtime Web runs).

type Part = Uint8Array;

function varint(value: number | bigint): number[] {
  let n = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const byte = Number(n & 0x7fn);
    n >>= 7n;
    out.push(n === 0n ? byte : byte | 0x80);
  } while (n !== 0n);
  return out;
}

const concat = (parts: Part[]): Part => {
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
};

/** A length-delimited field: a message, a string or bytes. */
const bytes = (field: number, content: Part | string): Part => {
  const body = typeof content === "string" ? new TextEncoder().encode(content) : content;
  return concat([Uint8Array.from([...varint((field << 3) | 2), ...varint(body.length)]), body]);
};
const int = (field: number, value: number): Part => Uint8Array.from([...varint(field << 3), ...varint(value)]);
const message = (field: number, ...parts: Part[]): Part => bytes(field, concat(parts));
const floats = (field: number, values: number[]): Part => bytes(field, new Uint8Array(Float32Array.from(values).buffer));

// TensorProto.DataType
export const FLOAT = 1;
export const INT64 = 7;
export const STRING = 8;

/** A graph input or output: a name, an element type and a shape (a number is a fixed dimension, a string a named one). */
export interface Value {
  name: string;
  type: number;
  shape: (number | string)[];
}

const valueInfo = (field: number, { name, type, shape }: Value): Part => message(field, bytes(1, name),
  message(2, message(1, int(1, type), message(2, ...shape.map((dim) => message(1, typeof dim === "number" ? int(1, dim) : bytes(2, dim)))))));

interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  domain?: string;
  /** Attributes: a number is an INT, a string list STRINGS, a number list FLOATS. */
  attributes?: Record<string, number | string[] | number[]>;
}

const attribute = (name: string, value: number | string[] | number[]): Part => {
  if (typeof value === "number") return message(5, bytes(1, name), int(20, 2), int(3, value));
  if (value.every((each) => typeof each === "string")) return message(5, bytes(1, name), int(20, 8), ...(value as string[]).map((s) => bytes(9, s)));
  return message(5, bytes(1, name), int(20, 6), floats(7, value as number[]));
};

const node = ({ op, inputs, outputs, domain, attributes = {} }: Node, i: number): Part => message(1, ...inputs.map((name) => bytes(1, name)),
  ...outputs.map((name) => bytes(2, name)), bytes(3, `${op}_${i}`), bytes(4, op), ...Object.entries(attributes).map(([k, v]) => attribute(k, v)),
  ...(domain ? [bytes(7, domain)] : []));

/** A float32 initializer of `dims` and `values`. */
const initializer = (name: string, dims: number[], values: number[]): Part =>
  message(5, ...dims.map((dim) => int(1, dim)), int(2, FLOAT), floats(4, values), bytes(8, name));

/** A model of `inputs`, `outputs`, `nodes` and float32 `initializers`, importing the default and ai.onnx.ml opsets. */
export function onnxModel(inputs: Value[], outputs: Value[], nodes: Node[] = [],
  initializers: { name: string; dims: number[]; values: number[] }[] = []): Uint8Array {
  const graph = message(7, ...nodes.map(node), bytes(2, "mixed"), ...initializers.map((each) => initializer(each.name, each.dims, each.values)),
    ...inputs.map((value) => valueInfo(11, value)), ...outputs.map((value) => valueInfo(12, value)));
  return concat([int(1, 8), bytes(2, "modelmarket tests"), graph, message(8, bytes(1, ""), int(2, 13)), message(8, bytes(1, "ai.onnx.ml"), int(2, 2))]);
}

/** How the hand-built classifier encodes a category: anything else, unseen or missing (""), is 0. */
export const CATEGORY_VALUES: Record<string, number> = { red: 1, blue: -4 };

/**
 * A classifier of 2 classes over a float32 input `num` [batch, 2] and a string input `cat` [batch, `categories`]:
 * s = a + b + the codes of the categories (a missing number counts 0, a category its CATEGORY_VALUES entry, anything
 * else 0); scores [s, -s], so class 0 when s >= 0.
 */
export function mixedClassifier(categories = 1): Uint8Array {
  const [keys, values] = [Object.keys(CATEGORY_VALUES), Object.values(CATEGORY_VALUES)];
  const width = 2 + categories;
  return onnxModel([{ name: "num", type: FLOAT, shape: ["batch", 2] }, { name: "cat", type: STRING, shape: ["batch", categories] }],
    [{ name: "scores", type: FLOAT, shape: ["batch", 2] }], [
      { op: "LabelEncoder", domain: "ai.onnx.ml", inputs: ["cat"], outputs: ["code"], attributes: { keys_strings: keys, values_floats: values } },
      { op: "IsNaN", inputs: ["num"], outputs: ["missing"] },
      { op: "Where", inputs: ["missing", "zero", "num"], outputs: ["known"] },
      { op: "Concat", inputs: ["known", "code"], outputs: ["features"], attributes: { axis: 1 } },
      { op: "MatMul", inputs: ["features", "weights"], outputs: ["scores"] },
    ], [{ name: "zero", dims: [], values: [0] }, { name: "weights", dims: [width, 2], values: Array.from({ length: width }, () => [1, -1]).flat() }]);
}

/** The class mixedClassifier gives a row: `a` and `b` number cells, `categories` category cells as they stand after unquoting. */
export function mixedClass(a: string, b: string, categories: string[]): number {
  const number = (cell: string) => (cell.trim() === "" ? 0 : Number(cell));
  const s = number(a) + number(b) + categories.reduce((sum, category) => sum + (CATEGORY_VALUES[category] ?? 0), 0);
  return s >= 0 ? 0 : 1;
}
