// The test inputs CSV (once unsealed) read as the verifier's sandbox reads it (Java's CsvReader and InferenceWorker):
// RFC 4180 with a header row, quoted cells, LF or CRLF line ends, an optional UTF-8 byte-order mark, blank lines
// skipped, every record as wide as the header, and each cell a float32 rounded as Float.parseFloat rounds it.
// Rows are read one batch at a time, so a large file is never held as numbers all at once.
import { parseFloat32 } from "./float32";

/** A problem with the test inputs file, naming the line (1 is the header) and, for a cell, its row and column. */
export class TestInputsError extends Error {}

/** One batch of feature rows: `rows` rows of `featureCount` floats, the first being test row `firstRow` (0-based). */
export interface FeatureBatch {
  values: Float32Array;
  rows: number;
  firstRow: number;
}

interface CsvRecord {
  cells: string[];
  line: number;
}

/** The test inputs' text: a string, or UTF-8 bytes (refused when not valid UTF-8, as Java refuses them). */
export function testInputsText(content: string | Uint8Array): string {
  if (typeof content === "string") return content;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    throw new TestInputsError("the test inputs are not valid UTF-8");
  }
}

/**
 * The rows of `text` in batches of `batchSize`, after checking that the header has `featureCount` columns.
 * Errors name the line, and for a cell that is not a number its row and column.
 */
export function* featureBatches(text: string, featureCount: number, batchSize: number): Generator<FeatureBatch> {
  const records = csvRecords(text);
  const header = records.next();
  if (header.done) throw new TestInputsError("the test inputs are empty; expected a header row");
  const columns = header.value.cells;
  if (columns.length !== featureCount) {
    throw new TestInputsError(`the test inputs have ${columns.length} columns, the model reads ${featureCount}`);
  }
  let values = new Float32Array(batchSize * featureCount);
  let rows = 0;
  let firstRow = 0;
  for (const record of records) {
    if (record.cells.length === 1 && record.cells[0] === "") continue; // a blank line carries no record
    if (record.cells.length !== featureCount) {
      throw new TestInputsError(`test inputs, line ${record.line}: expected ${featureCount} cells as in the header, found ${record.cells.length}`);
    }
    for (let column = 0; column < featureCount; column++) {
      const cell = record.cells[column].trim();
      const value = parseFloat32(cell);
      if (value === null) {
        throw new TestInputsError(`test inputs, line ${record.line} (row ${firstRow + rows}), column '${columns[column]}': `
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

/** The number of data rows in `text` (blank lines not counted), for progress reports. */
export function countRows(text: string): number {
  let rows = -1; // the header
  for (const record of csvRecords(text)) {
    if (!(record.cells.length === 1 && record.cells[0] === "")) rows++;
  }
  return Math.max(rows, 0);
}

const UNQUOTED_CELL_END = /[,\r\n"]/g;

/** The records of `text`, each with the line it starts on. */
function* csvRecords(text: string): Generator<CsvRecord> {
  let position = text.startsWith("\uFEFF") ? 1 : 0;
  let line = 1;
  while (position < text.length) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      let cell = "";
      if (text[position] === '"') {
        for (let from = position + 1; ;) {
          const close = text.indexOf('"', from);
          if (close < 0) throw new TestInputsError(`test inputs, line ${start}: a quoted cell is never closed`);
          cell += text.slice(from, close);
          if (text[close + 1] !== '"') {
            position = close + 1;
            break;
          }
          cell += '"';
          from = close + 2;
        }
        line += cell.split("\n").length - 1;
        if (![",", "\r", "\n", undefined].includes(text[position])) {
          throw new TestInputsError(`test inputs, line ${line}: text after a closing quote in cell ${cells.length + 1}`);
        }
      } else {
        UNQUOTED_CELL_END.lastIndex = position;
        const end = UNQUOTED_CELL_END.exec(text);
        if (end?.[0] === '"') {
          throw new TestInputsError(`test inputs, line ${line}: a quote inside an unquoted cell ${cells.length + 1}; quote the whole cell`);
        }
        cell = text.slice(position, end?.index ?? text.length);
        position = end?.index ?? text.length;
      }
      cells.push(cell);
      const delimiter = text[position++];
      if (delimiter === ",") continue;
      if (delimiter === "\r" && text[position] === "\n") position++;
      if (delimiter !== undefined) line++;
      break;
    }
    yield { cells, line: start };
  }
}
