// The split's two passes over the records of a range of the file (all of it, or a part a Web Worker reads: split.ts
// decides): pass 1 checks every row, finds its label and hashes its keys (selection and order, from one digest); pass 2
// writes the training rows and the test rows' features. Rows are read as bytes (csvBytes.ts) and written as byte
// ranges; keys are hashed four rows at a time (rowHashes.ts). Simple lines go through each pass a window at a time in
// WebAssembly (csvCut.ts's surveyRows and writeRows, the `inBulk` hooks); the code here takes every record they leave,
// with the same state (the feature types' flags, the labels, the lanes of the hash), so either way gives the same bytes.
import { DatasetError, csvCell, csvLine } from "../csv";
import { ByteCsvReader } from "../csvBytes";
import { DIGITS, OTHER, ROW_WINDOW } from "../csvCut";
import { RowHashes } from "./rowHashes";
import { isBlank, listToString, strip } from "../java";
import { tooManyLabels } from "./labelColumn";
import { isFeatureNumber, isMissing, isMissingBytes, noValueInAnyRow } from "./numbers";
import { fromDecimal } from "../protocol/fixedPoint";

/** At most this many classes (ClassList.MAX_CLASSES): a label is one byte. */
export const MAX_CLASSES = 256;
const PART_BYTES = 1 << 20;
/** Label cells looked up by their bytes, at most (more distinct cells are decoded row by row). */
const MAX_CACHED = 1024;
const COMMA = 0x2c;
const LF = 0x0a;
const QUOTE = 0x22;
const ENCODER = new TextEncoder();

/** What pass 1 finds in a range. */
export interface RangeSurvey {
  /** The distinct labels in the order they first appear. */
  labels: string[];
  rowsPerLabel: number[];
  /** Each row's label, an index into `labels` (classification; empty for regression). */
  rowLabels: Uint8Array;
  /** Each row's fixed-point target (regression; empty for classification). */
  rowTargets: Int32Array;
  /** Each row's selection key, as two unsigned 32-bit halves. */
  high: Uint32Array;
  low: Uint32Array;
  /** Each row's order key (the digest's next 8 bytes), the same way: kept for the test rows, so they are not hashed again. */
  orderHigh: Uint32Array;
  orderLow: Uint32Array;
  /** Per header column, whether it is numeric so far and whether some cell holds a value (FeatureTypes). */
  numeric: Uint8Array;
  seen: Uint8Array;
  /** Where in the file the reading stopped: the range's end, unless a record runs past it. */
  end: number;
}

/**
 * Pass 1 over the records `reader` reads, whose label is the cell at `labelIndex` (named `labelColumn`): classes, or
 * with `targetDecimals` fixed-point regression targets; the header columns `categorical` are categorical features
 * whatever they hold.
 */
export async function surveyRange(reader: ByteCsvReader, labelColumn: string, labelIndex: number, categorical: readonly number[],
  seed: Uint8Array, targetDecimals?: number): Promise<RangeSurvey> {
  const keys = await RowKeys.create(seed);
  const types = new FeatureTypes(reader, labelIndex, categorical);
  if (targetDecimals !== undefined) return surveyTargets(reader, labelColumn, labelIndex, keys, types, targetDecimals);
  const labels = new Labels(reader, labelColumn, labelIndex);
  const rowLabels = new Growable();
  const { cutter } = reader;
  const inBulk = (position: number, stop: number, limit: number): number => { // simple lines, in WebAssembly (csvCut.ts)
    const taken = cutter.surveyRows(position, stop, limit, labelIndex, ROW_WINDOW);
    rowLabels.append(cutter.rowLabels.subarray(0, taken));
    keys.addLines(cutter.lines, cutter.lineEnds, taken);
    return taken;
  };
  await reader.forEach(() => {
    types.observe(reader);
    const labelId = labels.idOfRecord();
    rowLabels.push(labelId);
    keys.add(labels.classCells[labelId], reader, labelIndex);
  }, false, inBulk);
  keys.flush();
  const rowsPerLabel = labels.rowsPerLabel.map((rows, id) => rows + (id < cutter.rowsPerLabel.length ? cutter.rowsPerLabel[id] : 0));
  return { labels: labels.labelsInOrder, rowsPerLabel, rowLabels: Uint8Array.from(rowLabels.view()), rowTargets: new Int32Array(0),
    ...keys.views(), ...types.flags(), end: reader.offset };
}

/** Pass 1 of a regression split: every row's fixed-point target, hashed as a decimal integer in the class cell's place. */
async function surveyTargets(reader: ByteCsvReader, labelColumn: string, labelIndex: number, keys: RowKeys, types: FeatureTypes,
  decimals: number): Promise<RangeSurvey> {
  const targets = new Growable();
  const decoder = new TextDecoder();
  await reader.forEach(() => {
    types.observe(reader);
    const cell = reader.cells !== null ? reader.cells[labelIndex] : decoder.decode(reader.bytes.subarray(reader.start[labelIndex], reader.end[labelIndex]));
    const target = targetOf(reader, cell, labelColumn, labelIndex, decimals);
    targets.push(target >>> 0);
    keys.add(targetCell(target), reader, labelIndex);
  });
  keys.flush();
  const unsigned = targets.view();
  return { labels: [], rowsPerLabel: [], rowLabels: new Uint8Array(0), rowTargets: new Int32Array(unsigned.buffer, unsigned.byteOffset, unsigned.length),
    ...keys.views(), ...types.flags(), end: reader.offset };
}

/** The fixed-point target of a cell of the record just read (RegressionTargets.valueOf): Java's errors, naming line and column. */
function targetOf(reader: ByteCsvReader, cell: string, labelColumn: string, labelIndex: number, decimals: number): number {
  try {
    return fromDecimal(cell, decimals);
  } catch (e) {
    const column = `target column '${labelColumn}' (${labelIndex + 1})`;
    throw DatasetError.at(reader.source, reader.recordLine, isBlank(cell)
      ? `${column} is empty; every row needs a numeric target`
      : `${column} holds '${cell}': ${(e as Error).message}`);
  }
}

/** A target as it starts a row's hashed line: a decimal integer and a comma (RegressionTargets.appendPrefix). */
function targetCell(target: number): Uint8Array {
  return ENCODER.encode(`${target},`);
}

/** What pass 2 knows of each row's label: its class (and each class's cell), or its fixed-point target. */
export type RowLabels = { classCells: Uint8Array[]; rowClasses: Uint8Array } | { rowTargets: Int32Array };

/** What pass 2 writes of a range. */
export interface RangeOutput {
  /** Its training rows' CSV lines, in file order. */
  training: Uint8Array[];
  trainingRows: number;
  /** Its test rows' feature lines, in file order, line k ending at `testLineEnds[k]`. */
  testLines: Uint8Array;
  testLineEnds: Float64Array;
  /** The test rows' class indices, or for regression their fixed-point targets. */
  testLabels: Int32Array;
}

/**
 * Pass 2 over the records `reader` reads: `isTest` says each row's part (`testRows` rows are test rows), `rows` each
 * row's label.
 */
export async function writeRange(reader: ByteCsvReader, labelIndex: number, rows: RowLabels, isTest: Uint8Array,
  testRows: number): Promise<RangeOutput> {
  const testLines = new ByteParts();
  const testLineEnds = new Float64Array(testRows);
  const testLabels = new Int32Array(testRows);
  const labelOf = "rowTargets" in rows ? (row: number) => rows.rowTargets[row] : (row: number) => rows.rowClasses[row];
  const training = new ByteParts();
  let trainingRows = 0;
  let k = 0;
  let row = 0;
  const { cutter } = reader;
  const inBulk = (position: number, stop: number, limit: number): number => { // simple lines, in WebAssembly (csvCut.ts)
    const rows = Math.min(ROW_WINDOW, isTest.length - row);
    if (rows <= 0) return 0;
    cutter.flags.set(isTest.subarray(row, row + rows));
    const taken = cutter.writeRows(position, stop, limit, labelIndex, rows);
    training.add(cutter.trainingOut.subarray(0, cutter.trainingBytes));
    const tests = cutter.testRows;
    const testStart = testLines.size;
    testLines.add(cutter.testOut.subarray(0, cutter.testBytes));
    for (let t = 0; t < tests; t++) testLineEnds[k + t] = testStart + cutter.testEnds[t];
    for (const end = row + taken; row < end; row++) if (isTest[row]) testLabels[k++] = labelOf(row);
    trainingRows += taken - tests;
    return taken;
  };
  await reader.forEach(() => {
    if (row >= isTest.length) throw new Error("the file has more rows than when it was first read");
    if (isTest[row]) {
      reader.cutCells();
      testLines.reserve(lineBytes(reader));
      testLines.at = writeLine(reader, labelIndex, testLines.part, testLines.at);
      testLineEnds[k] = testLines.size;
      testLabels[k++] = labelOf(row);
    } else {
      training.reserve(lineBytes(reader));
      training.at = writeLine(reader, -1, training.part, training.at);
      trainingRows++;
    }
    row++;
  }, true, inBulk);
  if (row !== isTest.length || k !== testRows) throw new Error(`the file changed after it was first read (${row} rows, ${k} test rows)`);
  return { training: training.parts(), trainingRows, testLines: testLines.bytes(), testLineEnds, testLabels };
}

/**
 * The distinct labels (cells stripped, as Java's String.strip) in the order they first appear, and the rows of each.
 * A label cell read as bytes is looked up by those bytes, so a row costs no string.
 */
class Labels {
  readonly labelsInOrder: string[] = [];
  readonly rowsPerLabel: number[] = [];
  /** Each label's CSV cell and a comma, as UTF-8: the start of its rows' hashed lines. */
  readonly classCells: Uint8Array[] = [];
  private readonly ids = new Map<string, number>();
  /** Label ids by the hash of a label cell's bytes, and those bytes (at most MAX_CACHED distinct cells). */
  private readonly byCellHash = new Map<number, { cell: Uint8Array; id: number }[]>();
  private cached = 0;
  private readonly decoder = new TextDecoder();
  private readonly encoder = new TextEncoder();

  constructor(private readonly reader: ByteCsvReader, private readonly labelColumn: string, private readonly labelIndex: number) {}

  /** The label id of the record just read, counting its row. */
  idOfRecord(): number {
    const { reader, labelIndex } = this;
    let id: number;
    if (reader.cells !== null) {
      id = this.idOf(reader.cells[labelIndex]);
    } else {
      const b = reader.bytes;
      const start = reader.start[labelIndex];
      const end = reader.end[labelIndex];
      let hash = 0x811c9dc5;
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ b[i], 0x01000193);
      id = this.cachedId(hash, b, start, end);
      if (id < 0) {
        id = this.idOf(this.decoder.decode(b.subarray(start, end)));
        if (this.cached < MAX_CACHED) {
          const entries = this.byCellHash.get(hash) ?? [];
          entries.push({ cell: b.slice(start, end), id });
          this.byCellHash.set(hash, entries);
          this.cached++;
          reader.cutter.rememberLabel(hash, start, end, id, this.classCells[id]); // for surveyRows to find it as well
        }
      }
    }
    this.rowsPerLabel[id]++;
    return id;
  }

  private cachedId(hash: number, b: Uint8Array, start: number, end: number): number {
    const entries = this.byCellHash.get(hash);
    if (entries === undefined) return -1;
    next: for (const { cell, id } of entries) {
      if (cell.length !== end - start) continue;
      for (let i = 0; i < cell.length; i++) if (cell[i] !== b[start + i]) continue next;
      return id;
    }
    return -1;
  }

  private idOf(rawLabel: string): number {
    const { reader } = this;
    const label = strip(rawLabel);
    if (label.length === 0) throw DatasetError.at(reader.source, reader.recordLine, `the label ('${this.labelColumn}') is empty`);
    let id = this.ids.get(label);
    if (id === undefined) {
      id = this.labelsInOrder.length;
      this.ids.set(label, id);
      this.labelsInOrder.push(label);
      this.rowsPerLabel.push(0);
      this.classCells.push(this.encoder.encode(`${csvCell(label)},`));
      if (this.ids.size > MAX_CLASSES) throw tooManyLabels(reader.source, reader.recordLine, this.labelColumn, this.labelsInOrder);
    }
    return id;
  }
}

/** The most bytes writeLine writes for the record just read. */
function lineBytes(reader: ByteCsvReader): number {
  return reader.cells === null ? reader.lineEnd - reader.lineStart + 1 : 3 * csvLine(reader.cells).length;
}

/**
 * Writes csvLine of the record just read, less the cell at `skip` (-1: none), into `target` from `at`; returns where
 * it ends. A record read as bytes is copied as it stands when its line has no quoted cell, else a cell at a time (a
 * cell is written quoted only when it holds a comma).
 */
function writeLine(reader: ByteCsvReader, skip: number, target: Uint8Array, at: number): number {
  if (reader.cells !== null) {
    const cells = skip < 0 ? reader.cells : reader.cells.filter((_, column) => column !== skip);
    return at + ENCODER.encodeInto(csvLine(cells), target.subarray(at)).written;
  }
  const b = reader.bytes;
  const from = at;
  if (reader.plain) { // the line as it stands, less the cell at skip and one comma beside it
    const { lineStart, lineEnd } = reader;
    const cut = skip < 0 ? lineEnd : skip === 0 ? lineStart : reader.start[skip] - 1;
    const resume = skip < 0 ? lineEnd : skip === 0 ? reader.end[0] + 1 : reader.end[skip];
    for (let i = lineStart; i < cut; i++) target[at++] = b[i];
    for (let i = resume; i < lineEnd; i++) target[at++] = b[i];
  } else {
    const { outStart, outEnd } = reader;
    const cells = outStart.length;
    let first = true;
    for (let column = 0; column < cells; column++) {
      if (column === skip) continue;
      if (!first) target[at++] = COMMA;
      first = false;
      for (let i = outStart[column], end = outEnd[column]; i < end; i++) target[at++] = b[i];
    }
  }
  if (at === from) {
    target[at++] = QUOTE; // csvLine's "" for a record whose only cell is empty
    target[at++] = QUOTE;
  }
  target[at++] = LF;
  return at;
}

/** A feature column's type: `float32` (numeric, NaN where missing) or `string` (categorical, "" where missing). */
export type FeatureType = "float32" | "string";

/**
 * Each feature column's type, decided while pass 1 streams the records (Java's FeatureTypes, docs/datasets.md "Column
 * types"): numeric while every cell that is not missing is a decimal that fits a float32, else categorical; a column
 * the requester names categorical is one whatever it holds. Two flags a column and no set of values, so a column of
 * millions of distinct values costs what any other does; a numeric cell read as bytes costs no string.
 */
class FeatureTypes {
  private readonly decoder = new TextDecoder();

  /** Keeps its flags where the reader's cutter reads and sets them too (csvCut.ts's surveyRows). */
  constructor(private readonly reader: ByteCsvReader, private readonly labelIndex: number, categorical: readonly number[]) {
    const { numeric, seen } = reader.cutter;
    numeric.fill(1);
    seen.fill(0);
    for (const column of categorical) numeric[column] = 0;
  }

  /** Per header column, 1 while the column is numeric so far, and 1 once some cell of it is not missing. */
  flags(): { numeric: Uint8Array; seen: Uint8Array } {
    return { numeric: this.reader.cutter.numeric.slice(), seen: this.reader.cutter.seen.slice() };
  }

  /** Takes in the feature cells of the record `reader` just read. */
  observe(reader: ByteCsvReader): void {
    const { labelIndex } = this;
    const { numeric, seen } = reader.cutter;
    const cells = reader.cells;
    for (let column = 0; column < numeric.length; column++) {
      if (column === labelIndex) continue;
      if (cells === null) {
        const b = reader.bytes;
        const start = reader.start[column];
        const end = reader.end[column];
        const kind = reader.kinds[column];
        if (kind === DIGITS ? end - start <= 38 : (kind & OTHER) === 0 && reader.cutter.isPlainDecimal(start, end)) {
          seen[column] = 1;
        } else if ((numeric[column] || !seen[column]) && !isMissingBytes(b, start, end)) {
          seen[column] = 1;
          if (numeric[column] && !isFeatureNumber(this.decoder.decode(b.subarray(start, end)))) numeric[column] = 0;
        }
      } else if (!isMissing(cells[column])) {
        seen[column] = 1;
        if (numeric[column] && !isFeatureNumber(cells[column])) numeric[column] = 0;
      }
    }
  }
}

/**
 * The feature columns' types once every row is taken in (`numeric` and `seen` of every range put together); a feature
 * column missing in every row is refused.
 */
export function featureTypes(source: string, header: readonly string[], labelIndex: number, numeric: Uint8Array, seen: Uint8Array): FeatureType[] {
  const types: FeatureType[] = [];
  header.forEach((name, column) => {
    if (column === labelIndex) return;
    if (!seen[column]) throw noValueInAnyRow(source, name, column);
    types.push(numeric[column] ? "float32" : "string");
  });
  return types;
}

/**
 * The header columns of the feature columns `names` that are categorical whatever they hold (SplitOptions'
 * categorical set); a name that is not a feature column is refused.
 */
export function categoricalColumns(source: string, header: readonly string[], labelIndex: number, names: readonly string[]): number[] {
  return names.map((name) => {
    const column = header.indexOf(name);
    if (column < 0 || column === labelIndex) {
      throw DatasetError.at(source, 1, `the categorical column '${name}' is not a feature column`
        + (column === labelIndex ? " (it is the label column)" : `; the header has ${listToString(header)}`));
    }
    return column;
  });
}

/**
 * The two keys of a row (SplitSeed.keys): the first 8 bytes of `SHA-256(seed ‖ csvLine([className, ...features]))`
 * as an unsigned big-endian number select, the next 8 order. Keeps both keys of every row as 32-bit halves, hashing
 * four rows at a time (rowHashes.ts): a row's keys are there after `flush`.
 */
class RowKeys {
  private readonly high = new Growable();
  private readonly low = new Growable();
  private readonly orderHigh = new Growable();
  private readonly orderLow = new Growable();
  private hashes!: RowHashes;

  static async create(seed: Uint8Array): Promise<RowKeys> {
    const keys = new RowKeys();
    keys.hashes = await RowHashes.create(seed, (w0, w1, w2, w3) => {
      keys.high.push(w0 >>> 0);
      keys.low.push(w1 >>> 0);
      keys.orderHigh.push(w2 >>> 0);
      keys.orderLow.push(w3 >>> 0);
    });
    return keys;
  }

  /** Hashes the record just read, its label cell at `labelIndex` and its class cell `classCell`. */
  add(classCell: Uint8Array, reader: ByteCsvReader, labelIndex: number): void {
    const hashes = this.hashes;
    let at = hashes.begin(classCell.length + lineBytes(reader));
    const buffer = hashes.bytes;
    for (let i = 0; i < classCell.length; i++) buffer[at++] = classCell[i];
    hashes.end(writeLine(reader, labelIndex, buffer, at));
  }

  /** Hashes `count` rows whose hashed lines, less the seed, are `lines`, row i's ending at `lineEnds[i]` (csvCut.ts's surveyRows). */
  addLines(lines: Uint8Array, lineEnds: Int32Array, count: number): void {
    this.hashes.hashLines(lines, lineEnds, count, (w0, w1, w2, w3) => {
      this.high.append(w0);
      this.low.append(w1);
      this.orderHigh.append(w2);
      this.orderLow.append(w3);
    });
  }

  /** Hashes the rows still waiting. */
  flush(): void {
    this.hashes.flush();
  }

  /** Every row's keys so far. */
  views(): { high: Uint32Array; low: Uint32Array; orderHigh: Uint32Array; orderLow: Uint32Array } {
    return { high: this.high.view(), low: this.low.view(), orderHigh: this.orderHigh.view(), orderLow: this.orderLow.view() };
  }
}

/** An append-only array of unsigned integers in a typed array that doubles as it fills. */
class Growable {
  private items = new Uint32Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.items.length) this.reserve(1);
    this.items[this.length++] = value;
  }

  /** Pushes every value of `values`. */
  append(values: Uint8Array | Uint32Array): void {
    this.reserve(values.length);
    this.items.set(values, this.length);
    this.length += values.length;
  }

  /** Doubles the array until `more` items fit after the ones pushed. */
  private reserve(more: number): void {
    let size = this.items.length;
    while (this.length + more > size) size *= 2;
    if (size === this.items.length) return;
    const larger = new Uint32Array(size);
    larger.set(this.items);
    this.items = larger;
  }

  /** The items pushed so far. */
  view(): Uint32Array {
    return this.items.subarray(0, this.length);
  }
}

/** Bytes written in parts of about PART_BYTES, so no single huge buffer is built: write into `part` from `at`, after `reserve`. */
class ByteParts {
  private readonly filled: Uint8Array<ArrayBuffer>[] = [];
  private done = 0;
  part = new Uint8Array(PART_BYTES);
  at = 0;

  /** All bytes written so far. */
  get size(): number {
    return this.done + this.at;
  }

  /** Makes room for `bytes` more in `part`. */
  reserve(bytes: number): void {
    if (this.at + bytes <= this.part.length) return;
    this.flush();
    this.part = new Uint8Array(Math.max(PART_BYTES, bytes));
  }

  add(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.part.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** The parts written so far, in order. */
  parts(): Uint8Array[] {
    this.flush();
    return this.done === 0 ? [] : this.filled;
  }

  /** All the parts in one buffer. */
  bytes(): Uint8Array {
    if (this.filled.length === 0) return this.part.slice(0, this.at);
    this.flush();
    if (this.filled.length === 1) return this.filled[0];
    const all = new Uint8Array(this.done);
    let at = 0;
    for (const part of this.filled) {
      all.set(part, at);
      at += part.length;
    }
    return all;
  }

  private flush(): void {
    if (this.at === 0) return;
    this.filled.push(this.part.subarray(0, this.at));
    this.done += this.at;
    this.part = new Uint8Array(PART_BYTES);
    this.at = 0;
  }
}
