// The test inputs CSV (once unsealed) read as the verifier's sandbox reads it (Java's CsvReader and InferenceWorker):
// through the UI's one CSV reader (../csv.ts, the rules the requester's split writes by), every record as wide as the
// model's input, and each cell a float32 rounded as Float.parseFloat rounds it. Rows are read one batch at a time, so
// a large file is never held as numbers all at once.
import { plainBytes } from "../bytes";
import { CsvReader, textChunks } from "../csv";
import { parseFloat32 } from "./float32";

/** The name CSV errors give the test inputs (`test-inputs.csv:3: ...`), the file's name in docs/datasets.md. */
const SOURCE = "test-inputs.csv";

/** A test inputs file that does not fit the model or the bounty, naming the line (1 is the header), row and column. */
export class TestInputsError extends Error {}

/** One batch of feature rows: `rows` rows of `featureCount` floats, the first being test row `firstRow` (0-based). */
export interface FeatureBatch {
  values: Float32Array;
  rows: number;
  firstRow: number;
}

/**
 * The rows of the test inputs (text, or UTF-8 bytes) in batches of `batchSize`, after checking that the header has
 * `featureCount` columns. Errors name the line, and for a cell that is not a number its row and column; the file's
 * own faults (not valid UTF-8, a quote left open, a ragged row) are the CSV reader's DatasetError.
 */
export async function* featureBatches(content: string | Uint8Array, featureCount: number, batchSize: number): AsyncGenerator<FeatureBatch> {
  const reader = await CsvReader.open(textChunks(new Blob([typeof content === "string" ? content : plainBytes(content)])), SOURCE);
  const columns = reader.header;
  if (columns.length !== featureCount) {
    throw new TestInputsError(`the test inputs have ${columns.length} columns, the model reads ${featureCount}`);
  }
  let values = new Float32Array(batchSize * featureCount);
  let rows = 0;
  let firstRow = 0;
  for (let record; (record = await reader.next()) !== null;) {
    for (let column = 0; column < featureCount; column++) {
      const cell = record[column].trim();
      const value = parseFloat32(cell);
      if (value === null) {
        throw new TestInputsError(`test inputs, line ${reader.recordLine} (row ${firstRow + rows}), column '${columns[column]}': `
          + `'${cell.slice(0, 40)}' is not a number`);
      }
      values[rows * featureCount + column] = value;
    }
    if (++rows === batchSize) {
      yield { values, rows, firstRow };
      values = new Float32Array(batchSize * featureCount);
      firstRow += rows;
      rows = 0;
    }
  }
  if (rows > 0) yield { values: values.subarray(0, rows * featureCount), rows, firstRow };
}
