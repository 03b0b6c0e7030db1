// The test inputs CSV (once unsealed) read as the verifier's sandbox reads it (Java's CsvReader and InferenceWorker):
// through the UI's one CSV reader (../csv.ts, the rules the requester's split writes by), every record as wide as the
// model's inputs, each numeric cell a float32 rounded as Float.parseFloat rounds it (NaN where missing), each
// categorical cell a string ("" where missing). Rows are read one batch at a time, so
// a large file is never held as numbers all at once.
import { plainBytes } from "../bytes";
import { CsvReader, textChunks } from "../csv";
import { isMissing } from "../requester/numbers";
import { parseFloat32 } from "./float32";
import { featureColumns, type FeatureColumn } from "./terms";

/** The name CSV errors give the test inputs (`test-inputs.csv:3: ...`), the file's name in docs/datasets.md. */
const SOURCE = "test-inputs.csv";

/** A test inputs file that does not fit the model or the bounty, naming the line (1 is the header), row and column. */
export class TestInputsError extends Error {}

/**
 * One batch of feature rows, `rows` rows the first being test row `firstRow` (0-based): the numeric columns as float32
 * (`values`, NaN where a cell is missing) and the categorical columns as strings (`strings`, "" where a cell is
 * missing), each row by row in CSV order.
 */
export interface FeatureBatch {
  values: Float32Array;
  strings: string[];
  rows: number;
  firstRow: number;
}

/**
 * The rows of the test inputs (text, or UTF-8 bytes) in batches of `batchSize`, after checking that the header has as
 * many columns as `features` (the feature columns, or that many numeric ones). A missing cell (empty or only spaces)
 * is NaN in a numeric column and "" in a categorical one; a categorical cell is taken as it stands. Errors name the
 * line, and for a numeric cell that is not a number its row and column; the file's own faults (not valid UTF-8, a quote
 * left open, a ragged row) are the CSV reader's DatasetError.
 */
export async function* featureBatches(content: string | Uint8Array, features: number | readonly FeatureColumn[], batchSize: number): AsyncGenerator<FeatureBatch> {
  const reader = await CsvReader.open(textChunks(new Blob([typeof content === "string" ? content : plainBytes(content)])), SOURCE);
  const columns = reader.header;
  const numeric = (typeof features === "number" ? featureColumns({ featureCount: features }) : features).map((column) => column.type === "float32");
  if (columns.length !== numeric.length) {
    throw new TestInputsError(`the test inputs have ${columns.length} columns, the model reads ${numeric.length}`);
  }
  const numericWidth = numeric.filter(Boolean).length;
  let values = new Float32Array(batchSize * numericWidth);
  let strings: string[] = [];
  let rows = 0;
  let firstRow = 0;
  let n = 0;
  for (let record; (record = await reader.next()) !== null;) {
    for (let column = 0; column < numeric.length; column++) {
      const cell = record[column];
      if (!numeric[column]) {
        strings.push(isMissing(cell) ? "" : cell);
        continue;
      }
      const value = isMissing(cell) ? NaN : parseFloat32(cell.trim());
      if (value === null) {
        throw new TestInputsError(`test inputs, line ${reader.recordLine} (row ${firstRow + rows}), column '${columns[column]}': `
          + `'${cell.trim().slice(0, 40)}' is not a number`);
      }
      values[n++] = value;
    }
    if (++rows === batchSize) {
      yield { values, strings, rows, firstRow };
      values = new Float32Array(batchSize * numericWidth);
      strings = [];
      firstRow += rows;
      rows = 0;
      n = 0;
    }
  }
  if (rows > 0) yield { values: values.subarray(0, n), strings, rows, firstRow };
}
