// The trainer's predictions, made in the browser as the verifier's sandbox makes them (Java's InferenceWorker): the
// test inputs in batches of 1,024 rows (the numeric features a float32 tensor, the categorical ones a string tensor),
// the class index output taken as is and refused when it is not a class of the bounty (naming the first such row and
// value), a scores output arg-maxed (the first highest score wins; a score that is NaN or infinite is refused, naming
// the row and class). One byte per test row, the class index: the encoding the predictions commitment and the contract
// use. For a regression bounty the model's float32 output is made fixed-point exactly as Java's FixedPoint.fromFloat
// does (a NaN, an infinite value or one beyond int32 refused, naming the row), 4 bytes per test row, big-endian.
import type { Tensor } from "onnxruntime-web/wasm";
import { fromFloat, ITEM_BYTES } from "../protocol/fixedPoint";
import type { TrainerModel } from "./model";
import { onnxRuntime } from "./model";
import { ModelProblem } from "./problems";
import { featureColumns, isRegression } from "./terms";
import { featureBatches, TestInputsError } from "./testInputs";

/** The verifier's batch size (Java's ModelLimits.defaults()). */
export const BATCH_ROWS = 1024;

export interface PredictOptions {
  /** Called after each batch with the rows done so far and the bounty's test size. */
  onProgress?: (rowsDone: number, testSize: number) => void;
  /** Stops between batches (an AbortError) when aborted. */
  signal?: AbortSignal;
}

/**
 * Runs `model` on the (already unsealed) test inputs and returns the predictions, one class index byte per row, or for
 * a regression bounty one 4-byte fixed-point value per row.
 * The page stays responsive: the work yields to the browser between batches.
 */
export async function predict(model: TrainerModel, testInputs: string | Uint8Array, options: PredictOptions = {}): Promise<Uint8Array> {
  const { inspection, terms, session } = model;
  const ort = await onnxRuntime();
  const regression = isRegression(terms);
  const predictions = new Uint8Array(terms.testSize * (regression ? ITEM_BYTES : 1));
  const view = new DataView(predictions.buffer);
  let done = 0;
  for await (const batch of featureBatches(testInputs, featureColumns(terms), BATCH_ROWS)) {
    options.signal?.throwIfAborted();
    if (batch.firstRow + batch.rows > terms.testSize) {
      throw new TestInputsError(`the test inputs have more than ${terms.testSize} rows, the bounty's test size`);
    }
    // the inputs by element type (docs/models.md, "Inputs"): float32 [rows, Fn] and string [rows, Fs]
    const inputs: Record<string, Tensor> = {};
    if (inspection.numericInput !== null) {
      inputs[inspection.numericInput] = new ort.Tensor("float32", batch.values, [batch.rows, batch.values.length / batch.rows]);
    }
    if (inspection.stringInput !== null) {
      inputs[inspection.stringInput] = new ort.Tensor("string", batch.strings, [batch.rows, batch.strings.length / batch.rows]);
    }
    const outputs = await session.run(inputs, [inspection.classOutput]).catch((error: unknown) => {
      throw new ModelProblem("failed", `ONNX Runtime failed on rows ${batch.firstRow} to ${batch.firstRow + batch.rows - 1}: `
        + (error instanceof Error ? error.message : String(error)));
    });
    const output = outputs[inspection.classOutput];
    try {
      if (regression) {
        fixedPoints(output, inspection.classOutput, batch.rows, batch.firstRow, terms.targetDecimals!)
          .forEach((value, row) => view.setInt32((batch.firstRow + row) * ITEM_BYTES, value, false));
      } else {
        classIndices(output, inspection.classOutputIsIndex, inspection.classOutput, batch.rows, batch.firstRow, terms.classCount)
          .forEach((classIndex, row) => (predictions[batch.firstRow + row] = classIndex));
      }
    } finally {
      for (const input of Object.values(inputs)) input.dispose();
      output.dispose();
    }
    done = batch.firstRow + batch.rows;
    options.onProgress?.(done, terms.testSize);
    await nextTask();
  }
  if (done !== terms.testSize) throw new TestInputsError(`the test inputs have ${done} rows; the bounty's test size is ${terms.testSize}`);
  return predictions;
}

/** One batch's fixed-point predictions from a regression model's float32 output, refused (naming the row) as Java refuses them. */
function fixedPoints(output: Tensor, name: string, rows: number, firstRow: number, decimals: number): Int32Array {
  if (!(output.data instanceof Float32Array)) throw new ModelProblem("failed", `output '${name}' does not hold float32 values`);
  if (output.data.length !== rows) throw new ModelProblem("failed", `output '${name}' gave ${output.data.length} values for ${rows} rows`);
  const values = new Int32Array(rows);
  output.data.forEach((value, row) => {
    try {
      values[row] = fromFloat(value, decimals);
    } catch (error) {
      throw new ModelProblem("failed", `row ${firstRow + row}: the prediction ${(error as Error).message}`);
    }
  });
  return values;
}

/** One batch's class indices from the model's output, refused (naming the row and value) when one is not a class. */
function classIndices(output: Tensor, isIndex: boolean, name: string, rows: number, firstRow: number, classCount: number): Uint8Array {
  const indices = new Uint8Array(rows);
  if (isIndex) {
    if (!(output.data instanceof BigInt64Array)) throw new ModelProblem("failed", `output '${name}' is ${output.type}, not int64`);
    if (output.data.length !== rows) throw new ModelProblem("failed", `output '${name}' gave ${output.data.length} values for ${rows} rows`);
    output.data.forEach((index, row) => {
      if (index < 0n || index >= BigInt(classCount)) {
        throw new ModelProblem("failed", `row ${firstRow + row}: class ${index}; classes are 0..${classCount - 1}`);
      }
      indices[row] = Number(index);
    });
  } else {
    if (!(output.data instanceof Float32Array)) throw new ModelProblem("failed", `output '${name}' is ${output.type}, not float32`);
    const scores = output.data;
    if (scores.length !== rows * classCount) {
      throw new ModelProblem("failed", `output '${name}' gave ${scores.length} scores for ${rows} rows of ${classCount} classes`);
    }
    for (let row = 0; row < rows; row++) {
      let best = 0;
      for (let c = 0; c < classCount; c++) {
        const score = scores[row * classCount + c];
        if (!Number.isFinite(score)) {
          throw new ModelProblem("failed", `row ${firstRow + row}: the score of class ${c} is ${score}; scores must be finite numbers`);
        }
        if (score > scores[row * classCount + best]) best = c;
      }
      indices[row] = best;
    }
  }
  return indices;
}

/** Lets the browser paint and handle input; a message, unlike a timer, is not slowed down in a background tab. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}
