// The split in the browser, byte for byte as io.modelmarket.dataset.DatasetSplitter (docs/datasets.md, "Split"):
// the same salt and file give the same training CSV, test-inputs CSV, labels and class list, and bad input the same
// errors. Two streaming passes over the File, as in Java: the first checks every row, counts the classes and keeps
// each row's selection key (8 bytes a row, no row text; Java keeps only the candidates); the second writes. The
// training CSV goes out as a Blob in 1 MiB parts; the test rows are held as text until they are put in their secret
// order (a test set must be in memory anyway, to be sealed with WebCrypto's one-shot AES-GCM).
import { concat, getBytes, id, sha256 } from "ethers";
import { DatasetError, csvCell, csvLine } from "../csv";
import { ByteCsvReader } from "../csvBytes";
import { RowHashes } from "./rowHashes";
import { isBlank, javaDoubleToString, listToString, strip } from "../java";
import { requireClasses, requireStratifiable, tooManyLabels } from "./labelColumn";
import { fitsFloat32, isDecimal, isPlainDecimal } from "./numbers";

/** At most this many classes (ClassList.MAX_CLASSES): a label is one byte. */
const MAX_CLASSES = 256;
const MAX_ROWS = 2 ** 31 - 1 - 8;
const PART_BYTES = 1 << 20;
/** Label cells looked up by their bytes, at most (more distinct cells are decoded row by row). */
const MAX_CACHED = 1024;
const COMMA = 0x2c;
const LF = 0x0a;
const ENCODER = new TextEncoder();
const SPLIT_DOMAIN = id("modelmarket.split");

/** How to split a labelled CSV (SplitOptions). */
export interface SplitOptions {
  /** The header name of the label column. */
  labelColumn: string;
  /** The share of rows that go to the test set, in (0, 1). */
  testFraction: number;
  /** The bounty's ground-truth salt, 32 bytes: the split's secret is derived from it. */
  salt: Uint8Array;
  /** Whether every class gets the same test share (rounded per class). */
  stratified: boolean;
  /** Whether a label column of many distinct numbers is taken as classes all the same (else refused as a numeric target). */
  classesFromNumbers?: boolean;
}

export interface SplitResult {
  /** The feature columns in file order (the order of the model's input). */
  featureColumns: string[];
  /** The class list the labels index into. */
  classes: string[];
  trainingRows: number;
  /** The test labels, one class index a byte, in test-row order: the ground truth. */
  labels: Uint8Array;
  /** Training rows per class (for the class-balance picture). */
  trainingPerClass: number[];
  /** Test rows per class. */
  testPerClass: number[];
  /** The training CSV: header and every training row, in file order. */
  training: Blob;
  /** The test-inputs CSV: the feature header and the test rows without their label, in the secret order. */
  testInputs: Uint8Array;
}

/** Which pass is running and how far it is, in bytes of the input. */
export type SplitProgress = (stage: "reading" | "splitting", bytesDone: number, bytesTotal: number) => void;

/** The split seed: `SHA-256(keccak256("modelmarket.split") ‖ salt)` (SplitSeed). */
function splitSeed(salt: Uint8Array): Uint8Array {
  return getBytes(sha256(concat([SPLIT_DOMAIN, salt])));
}

/** Splits `file` (named `source` in errors) as DatasetSplitter.split does. */
export async function splitDataset(file: Blob, source: string, options: SplitOptions, onProgress?: SplitProgress): Promise<SplitResult> {
  checkOptions(options);
  const keys = await RowKeys.create(splitSeed(options.salt));
  const survey = await surveyAndKey(await ByteCsvReader.open(file, source, (bytes) => onProgress?.("reading", bytes, file.size)), options, keys);
  const testRows = selectTestRows(survey, options, keys);
  return write(await ByteCsvReader.open(file, source, (bytes) => onProgress?.("splitting", bytes, file.size)), survey, keys, testRows);
}

function checkOptions(options: SplitOptions): void {
  if (typeof options.labelColumn !== "string" || isBlank(options.labelColumn)) throw new DatasetError("the label column needs a name");
  if (!(options.testFraction > 0 && options.testFraction < 1)) {
    throw new DatasetError(`the test fraction must be between 0 and 1 (exclusive), got ${javaDoubleToString(options.testFraction)}`);
  }
  if (!(options.salt instanceof Uint8Array) || options.salt.length !== 32) throw new DatasetError("the split needs the 32-byte ground-truth salt");
}

interface Survey {
  labelIndex: number;
  classes: string[];
  /** Each class's CSV cell and a comma, as UTF-8: the start of its rows' hashed lines. */
  classCells: Uint8Array[];
  /** The class of every row, in file order. */
  rowClasses: Uint8Array;
  rowsPerClass: number[];
  testQuotas: number[];
}

/** Pass 1: checks every row, counts rows per label, fixes the class list, and keeps every row's selection key. */
async function surveyAndKey(reader: ByteCsvReader, options: SplitOptions, keys: RowKeys): Promise<Survey> {
  const { header, source } = reader;
  const labelIndex = header.indexOf(options.labelColumn);
  if (labelIndex < 0) throw DatasetError.at(source, 1, `no label column '${options.labelColumn}'; the header has ${listToString(header)}`);
  if (header.length < 2) throw DatasetError.at(source, 1, "the file has no feature column besides the label");
  const labels = new Labels(reader, options.labelColumn, labelIndex);
  const rowLabels = new Growable();
  await reader.forEach(() => {
    checkFeatures(reader, labelIndex);
    const labelId = labels.idOfRecord();
    rowLabels.push(labelId);
    keys.addSelectionKey(labels.classCells[labelId], reader, labelIndex);
  });
  keys.flush();
  const { labelsInOrder, rowsPerLabel } = labels;
  requireClasses(source, options.labelColumn, labelsInOrder, rowLabels.length, options.classesFromNumbers === true);
  const classes = deriveClasses(labelsInOrder);
  const classOfLabel = labelsInOrder.map((label) => classes.indexOf(label));
  const rowsPerClass = classes.map(() => 0);
  labelsInOrder.forEach((_, labelId) => (rowsPerClass[classOfLabel[labelId]] += rowsPerLabel[labelId]));
  const rowClasses = new Uint8Array(rowLabels.length);
  for (let row = 0; row < rowClasses.length; row++) rowClasses[row] = classOfLabel[rowLabels.at(row)];
  const quotas = testQuotas(source, rowsPerClass, options);
  if (options.stratified) requireStratifiable(source, classes, rowsPerClass, options.testFraction);
  const encoder = new TextEncoder();
  return { labelIndex, classes, classCells: classes.map((name) => encoder.encode(`${csvCell(name)},`)), rowClasses, rowsPerClass, testQuotas: quotas };
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

/**
 * ClassList.derive: "0" to the largest label when every label is a small non-negative integer, else the labels
 * sorted. (A class list given by the requester, which Java's SplitOptions allow, is offered by no tool, so not here.)
 */
function deriveClasses(distinctLabels: readonly string[]): string[] {
  let names: string[];
  if (distinctLabels.every((label) => /^(?:0|[1-9][0-9]{0,2})$/.test(label))) {
    const largest = distinctLabels.reduce((max, label) => Math.max(max, Number(label)), 0);
    if (largest >= MAX_CLASSES) throw new DatasetError(`label ${largest} is too large: at most ${MAX_CLASSES} classes (0 to ${MAX_CLASSES - 1})`);
    names = Array.from({ length: largest + 1 }, (_, i) => String(i));
  } else {
    names = [...distinctLabels].sort(); // UTF-16 code unit order, as Java's String.compareTo
  }
  if (names.length < 2) throw new DatasetError(`the labels hold only one class (${listToString(names)}); a bounty needs at least two`);
  return names;
}

/** The test rows of each bucket: round(testFraction × rows) of each class, or of the whole file (DatasetSplitter.quotas). */
function testQuotas(source: string, rowsPerClass: number[], options: SplitOptions): number[] {
  const total = rowsPerClass.reduce((sum, rows) => sum + rows, 0);
  if (total > MAX_ROWS) throw new DatasetError(`${source}: ${total} rows; a dataset has at most ${MAX_ROWS}`);
  const quotas = options.stratified
    ? rowsPerClass.map((rows) => Math.round(options.testFraction * rows))
    : [Math.round(options.testFraction * total)];
  const test = quotas.reduce((sum, rows) => sum + rows, 0);
  if (test === 0 || test === total) {
    throw new DatasetError(`${source}: too few rows for the split: ${total} rows at a test fraction of ${javaDoubleToString(options.testFraction)}`
      + ` give ${test} test and ${total - test} training rows; both must be at least 1`);
  }
  return quotas;
}

/** Every bucket's quota of rows with the smallest (selection key, row index); returns one flag a row. */
function selectTestRows(survey: Survey, options: SplitOptions, keys: RowKeys): Uint8Array {
  const buckets = survey.testQuotas.map((quota) => new Smallest(quota));
  const rows = survey.rowClasses.length;
  for (let row = 0; row < rows; row++) {
    buckets[options.stratified ? survey.rowClasses[row] : 0].offer(keys.high.at(row), keys.low.at(row), row);
  }
  const isTest = new Uint8Array(rows);
  for (const bucket of buckets) for (let i = 0; i < bucket.size; i++) isTest[bucket.rows[i]] = 1;
  return isTest;
}

/** Pass 2: the training CSV in file order, then the test inputs in order-key order with their labels. */
async function write(reader: ByteCsvReader, survey: Survey, keys: RowKeys, isTest: Uint8Array): Promise<SplitResult> {
  const { header } = reader;
  const { labelIndex } = survey;
  const featureColumns = header.filter((_, column) => column !== labelIndex);
  const testCount = survey.testQuotas.reduce((sum, rows) => sum + rows, 0);
  const testLines = new ByteParts();
  const testLineEnds = new Float64Array(testCount);
  const labelsInFileOrder = new Uint8Array(testCount);
  keys.expectTestRows(testCount);
  const training = new ByteParts();
  training.add(new TextEncoder().encode(csvLine(header)));
  let trainingRows = 0;
  let testRows = 0;
  let index = 0;
  await reader.forEach(() => {
    const rowIndex = index++;
    if (isTest[rowIndex]) {
      if (testRows === testCount) throw new Error(`the selection took more than ${testCount} test rows`);
      const k = testRows++;
      const classIndex = survey.rowClasses[rowIndex];
      const lineStart = testLines.size;
      testLines.reserve(lineBytes(reader));
      testLines.at = writeLine(reader, labelIndex, testLines.part, testLines.at);
      testLineEnds[k] = testLines.size;
      labelsInFileOrder[k] = classIndex;
      keys.addOrderKey(survey.classCells[classIndex], testLines.part, testLines.at - (testLines.size - lineStart), testLines.at);
    } else {
      training.reserve(lineBytes(reader));
      training.at = writeLine(reader, -1, training.part, training.at);
      trainingRows++;
    }
  });
  if (testRows !== testCount) throw new Error(`the selection took ${testRows} test rows instead of ${testCount}`);
  keys.flush();
  const { orderHigh, orderLow } = keys;
  const order = new Uint32Array(testCount);
  for (let k = 0; k < testCount; k++) order[k] = k;
  order.sort((a, b) => orderHigh[a] - orderHigh[b] || orderLow[a] - orderLow[b] || a - b);
  const labels = new Uint8Array(testCount);
  const featureHeader = new TextEncoder().encode(csvLine(featureColumns));
  const testInputs = new Uint8Array(featureHeader.length + testLines.size);
  testInputs.set(featureHeader);
  const lines = testLines.bytes();
  let at = featureHeader.length;
  order.forEach((fileRank, j) => {
    const start = fileRank === 0 ? 0 : testLineEnds[fileRank - 1];
    const end = testLineEnds[fileRank];
    testInputs.set(lines.subarray(start, end), at);
    at += end - start;
    labels[j] = labelsInFileOrder[fileRank];
  });
  const testPerClass = survey.classes.map(() => 0);
  for (const label of labels) testPerClass[label]++;
  return {
    featureColumns,
    classes: survey.classes,
    trainingRows,
    labels,
    trainingPerClass: survey.rowsPerClass.map((rows, c) => rows - testPerClass[c]),
    testPerClass,
    training: training.blob(),
    testInputs,
  };
}

/** The most bytes writeLine writes for the record just read. */
function lineBytes(reader: ByteCsvReader): number {
  return reader.cells === null ? reader.lineEnd - reader.lineStart + 1 : 3 * csvLine(reader.cells).length;
}

/**
 * Writes csvLine of the record just read, less the cell at `skip` (-1: none), into `target` from `at`; returns where
 * it ends. A record read as bytes is copied a cell at a time (a cell is written quoted only when it holds a comma).
 */
function writeLine(reader: ByteCsvReader, skip: number, target: Uint8Array, at: number): number {
  if (reader.cells !== null) {
    const cells = skip < 0 ? reader.cells : reader.cells.filter((_, column) => column !== skip);
    return at + ENCODER.encodeInto(csvLine(cells), target.subarray(at)).written;
  }
  const b = reader.bytes;
  if (reader.plain && skip < 0) {
    for (let i = reader.lineStart; i < reader.lineEnd; i++) target[at++] = b[i];
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
  target[at++] = LF;
  return at;
}

/** Refuses a feature cell of the record just read that is not a number a float32 holds. */
function checkFeatures(reader: ByteCsvReader, labelIndex: number): void {
  const { header } = reader;
  for (let column = 0; column < header.length; column++) {
    if (column === labelIndex) continue;
    let cell: string;
    if (reader.cells === null) {
      if (isPlainDecimal(reader.bytes, reader.start[column], reader.end[column])) continue;
      cell = new TextDecoder().decode(reader.bytes.subarray(reader.start[column], reader.end[column]));
    } else {
      cell = reader.cells[column];
    }
    const value = strip(cell);
    if (!isDecimal(value) || !fitsFloat32(value)) {
      throw DatasetError.at(reader.source, reader.recordLine, `column '${header[column]}' (${column + 1}) holds '${cell}'; `
        + "expected a number that fits a float32" + (value.length === 0 ? " (empty cells are not allowed in feature columns)" : ""));
    }
  }
}

/**
 * The two keys of a row (SplitSeed.keys): the first 8 bytes of `SHA-256(seed ‖ csvLine([className, ...features]))`
 * as an unsigned big-endian number select, the next 8 order. Keeps every row's selection key as two 32-bit halves
 * (pass 1), then every test row's order key (pass 2), hashing four rows at a time (rowHashes.ts): a key is there
 * after `flush`.
 */
class RowKeys {
  readonly high = new Growable();
  readonly low = new Growable();
  orderHigh = new Uint32Array(0);
  orderLow = new Uint32Array(0);
  private ordered = 0;
  private selection!: RowHashes;
  private order!: RowHashes;

  static async create(seed: Uint8Array): Promise<RowKeys> {
    const keys = new RowKeys();
    keys.selection = await RowHashes.create(seed, (w0, w1) => {
      keys.high.push(w0 >>> 0);
      keys.low.push(w1 >>> 0);
    });
    keys.order = await RowHashes.create(seed, (_w0, _w1, w2, w3) => {
      keys.orderHigh[keys.ordered] = w2 >>> 0;
      keys.orderLow[keys.ordered++] = w3 >>> 0;
    });
    return keys;
  }

  /** Hashes the record just read for its selection key, its label cell at `labelIndex` and its class cell `classCell`. */
  addSelectionKey(classCell: Uint8Array, reader: ByteCsvReader, labelIndex: number): void {
    const hashes = this.selection;
    const at = this.startMessage(hashes, classCell, lineBytes(reader));
    hashes.end(writeLine(reader, labelIndex, hashes.bytes, at));
  }

  /** Makes room for the order keys of `testRows` rows. */
  expectTestRows(testRows: number): void {
    this.orderHigh = new Uint32Array(testRows);
    this.orderLow = new Uint32Array(testRows);
  }

  /** Hashes the next test row for its order key: class cell `classCell`, the features' CSV line `line[start, end)`. */
  addOrderKey(classCell: Uint8Array, line: Uint8Array, start: number, end: number): void {
    const hashes = this.order;
    let at = this.startMessage(hashes, classCell, end - start);
    const buffer = hashes.bytes;
    for (let i = start; i < end; i++) buffer[at++] = line[i];
    hashes.end(at);
  }

  /** Hashes the rows still waiting. */
  flush(): void {
    this.selection.flush();
    this.order.flush();
  }

  /** Begins a message of the seed, `classCell` and `lineBytes` more; writes the class cell; returns where the line goes. */
  private startMessage(hashes: RowHashes, classCell: Uint8Array, lineBytes: number): number {
    let at = hashes.begin(classCell.length + lineBytes);
    const buffer = hashes.bytes;
    for (let i = 0; i < classCell.length; i++) buffer[at++] = classCell[i];
    return at;
  }
}

/** The `capacity` smallest (key, row) pairs offered, keys as unsigned 64-bit (high, low) halves, in a max-heap. */
class Smallest {
  private readonly high: Uint32Array;
  private readonly low: Uint32Array;
  readonly rows: Uint32Array;
  size = 0;

  constructor(private readonly capacity: number) {
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.rows = new Uint32Array(capacity);
  }

  offer(high: number, low: number, row: number): void {
    if (this.size < this.capacity) {
      let at = this.size++;
      while (at > 0 && this.above(high, low, row, (at - 1) >> 1)) {
        this.move((at - 1) >> 1, at);
        at = (at - 1) >> 1;
      }
      this.put(at, high, low, row);
    } else if (this.size > 0 && !this.above(high, low, row, 0)) {
      let at = 0;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= this.size) break;
        if (child + 1 < this.size && this.above(this.high[child + 1], this.low[child + 1], this.rows[child + 1], child)) child++;
        if (this.above(high, low, row, child)) break;
        this.move(child, at);
        at = child;
      }
      this.put(at, high, low, row);
    }
  }

  /** Whether (key, row) is above the pair at `at`: a larger key, or the same key and a later row. */
  private above(high: number, low: number, row: number, at: number): boolean {
    return high !== this.high[at] ? high > this.high[at] : low !== this.low[at] ? low > this.low[at] : row > this.rows[at];
  }

  private move(from: number, to: number): void {
    this.put(to, this.high[from], this.low[from], this.rows[from]);
  }

  private put(at: number, high: number, low: number, row: number): void {
    this.high[at] = high;
    this.low[at] = low;
    this.rows[at] = row;
  }
}

/** An append-only array of unsigned integers in a typed array that doubles as it fills. */
class Growable {
  private items = new Uint32Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.items.length) {
      const larger = new Uint32Array(2 * this.items.length);
      larger.set(this.items);
      this.items = larger;
    }
    this.items[this.length++] = value;
  }

  at(index: number): number {
    return this.items[index];
  }
}

/** Bytes written in parts of about PART_BYTES, so no single huge buffer is built: write into `part` from `at`, after `reserve`. */
class ByteParts {
  private readonly parts: Uint8Array<ArrayBuffer>[] = [];
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

  blob(): Blob {
    this.flush();
    return new Blob(this.parts, { type: "text/csv" });
  }

  /** All the parts in one buffer. */
  bytes(): Uint8Array {
    if (this.parts.length === 0) return this.part.subarray(0, this.at);
    this.flush();
    const all = new Uint8Array(this.done);
    let at = 0;
    for (const part of this.parts) {
      all.set(part, at);
      at += part.length;
    }
    return all;
  }

  private flush(): void {
    if (this.at === 0) return;
    this.parts.push(this.part.subarray(0, this.at));
    this.done += this.at;
    this.part = new Uint8Array(PART_BYTES);
    this.at = 0;
  }
}
