// The split in the browser, byte for byte as io.modelmarket.dataset.DatasetSplitter (docs/datasets.md, "Split"):
// the same salt and file give the same training CSV, test-inputs CSV, labels and class list, and bad input the same
// errors. Two streaming passes over the File, as in Java: the first checks every row, counts the classes and keeps
// each row's selection key (8 bytes a row, no row text; Java keeps only the candidates); the second writes. The
// training CSV goes out as a Blob in 1 MiB parts; the test rows are held as text until they are put in their secret
// order (a test set must be in memory anyway, to be sealed with WebCrypto's one-shot AES-GCM).
import { concat, getBytes, id, sha256 } from "ethers";
import { CsvReader, DatasetError, csvCell, csvLine, textChunks } from "../csv";
import { plainBytes } from "../bytes";
import { RowHash } from "./rowHash";
import { isBlank, javaDoubleToString, listToString, strip } from "../java";
import { requireClasses, requireStratifiable, tooManyLabels } from "./labelColumn";
import { fitsFloat32, isDecimal, isPlainDecimal } from "./numbers";

/** At most this many classes (ClassList.MAX_CLASSES): a label is one byte. */
const MAX_CLASSES = 256;
const MAX_ROWS = 2 ** 31 - 1 - 8;
const PART_CHARS = 1 << 20;
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
  const keys = new RowKeys(splitSeed(options.salt));
  const survey = await surveyAndKey(
    await CsvReader.open(textChunks(file, (bytes) => onProgress?.("reading", bytes, file.size)), source), options, keys);
  const testRows = selectTestRows(survey, options, keys);
  return write(await CsvReader.open(textChunks(file, (bytes) => onProgress?.("splitting", bytes, file.size)), source),
    survey, keys, testRows);
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
  /** The class of every row, in file order. */
  rowClasses: Uint8Array;
  rowsPerClass: number[];
  testQuotas: number[];
}

/** Pass 1: checks every row, counts rows per label, fixes the class list, and keeps every row's selection key. */
async function surveyAndKey(reader: CsvReader, options: SplitOptions, keys: RowKeys): Promise<Survey> {
  const { header, source } = reader;
  const labelIndex = header.indexOf(options.labelColumn);
  if (labelIndex < 0) throw DatasetError.at(source, 1, `no label column '${options.labelColumn}'; the header has ${listToString(header)}`);
  if (header.length < 2) throw DatasetError.at(source, 1, "the file has no feature column besides the label");
  const labelsInOrder: string[] = [];
  const labelIds = new Map<string, number>();
  const rowsPerLabel: number[] = [];
  const rowLabels = new Growable();
  const plain = new PlainLine(labelIndex);
  await reader.forEachLine((row) => {
    let rawLabel: string;
    let features: string;
    if (row === null) {
      const line = reader.plainLine!;
      if (!plain.read(line)) checkFeatures(reader, line.split(","), labelIndex);
      rawLabel = plain.label(line);
      features = plain.featuresLine(line);
    } else {
      checkFeatures(reader, row, labelIndex);
      rawLabel = row[labelIndex];
      features = csvFeaturesLine(row, labelIndex);
    }
    const label = strip(rawLabel);
    if (label.length === 0) throw DatasetError.at(source, reader.recordLine, `the label ('${options.labelColumn}') is empty`);
    let labelId = labelIds.get(label);
    if (labelId === undefined) {
      labelId = labelsInOrder.length;
      labelIds.set(label, labelId);
      labelsInOrder.push(label);
      rowsPerLabel.push(0);
      if (labelIds.size > MAX_CLASSES) throw tooManyLabels(source, reader.recordLine, options.labelColumn, labelsInOrder);
    }
    rowsPerLabel[labelId]++;
    rowLabels.push(labelId);
    keys.addSelectionKey(label, features);
  });
  requireClasses(source, options.labelColumn, labelsInOrder, rowLabels.length, options.classesFromNumbers === true);
  const classes = deriveClasses(labelsInOrder);
  const classOfLabel = labelsInOrder.map((label) => classes.indexOf(label));
  const rowsPerClass = classes.map(() => 0);
  labelsInOrder.forEach((_, labelId) => (rowsPerClass[classOfLabel[labelId]] += rowsPerLabel[labelId]));
  const rowClasses = new Uint8Array(rowLabels.length);
  for (let row = 0; row < rowClasses.length; row++) rowClasses[row] = classOfLabel[rowLabels.at(row)];
  const quotas = testQuotas(source, rowsPerClass, options);
  if (options.stratified) requireStratifiable(source, classes, rowsPerClass, options.testFraction);
  return { labelIndex, classes, rowClasses, rowsPerClass, testQuotas: quotas };
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
async function write(reader: CsvReader, survey: Survey, keys: RowKeys, isTest: Uint8Array): Promise<SplitResult> {
  const { header } = reader;
  const featureColumns = header.filter((_, column) => column !== survey.labelIndex);
  const testCount = survey.testQuotas.reduce((sum, rows) => sum + rows, 0);
  const testLines: string[] = [];
  const labelsInFileOrder = new Uint8Array(testCount);
  const orderHigh = new Uint32Array(testCount);
  const orderLow = new Uint32Array(testCount);
  const training = new TextParts();
  training.add(csvLine(header));
  let trainingRows = 0;
  let index = 0;
  const plain = new PlainLine(survey.labelIndex);
  await reader.forEachLine((row) => {
    const rowIndex = index++;
    if (isTest[rowIndex]) {
      const k = testLines.length;
      const classIndex = survey.rowClasses[rowIndex];
      let line: string;
      if (row === null) {
        plain.read(reader.plainLine!);
        line = plain.featuresLine(reader.plainLine!);
      } else {
        line = csvFeaturesLine(row, survey.labelIndex);
      }
      testLines.push(line);
      labelsInFileOrder[k] = classIndex;
      keys.hash(survey.classes[classIndex], line);
      orderHigh[k] = keys.orderHigh();
      orderLow[k] = keys.orderLow();
    } else {
      training.add(row === null ? `${reader.plainLine}\n` : csvLine(row));
      trainingRows++;
    }
  });
  if (testLines.length !== testCount) throw new Error(`the selection took ${testLines.length} test rows instead of ${testCount}`);
  const order = Array.from({ length: testCount }, (_, k) => k)
    .sort((a, b) => orderHigh[a] - orderHigh[b] || orderLow[a] - orderLow[b] || a - b);
  const labels = new Uint8Array(testCount);
  const testInputs = new TextParts();
  testInputs.add(csvLine(featureColumns));
  order.forEach((fileRank, j) => {
    testInputs.add(testLines[fileRank]);
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
    testInputs: await testInputs.bytes(),
  };
}

/** csvLine of the row's cells without its label, in file order. */
function csvFeaturesLine(row: readonly string[], labelIndex: number): string {
  return csvLine(row.filter((_, column) => column !== labelIndex));
}

/**
 * A plain line (CsvReader.plainLine: its cells are the text between commas and need no quoting) read without a
 * string a cell: where its label cell is, and whether every feature cell is a plain decimal.
 */
class PlainLine {
  private labelStart = 0;
  private labelEnd = 0;

  constructor(private readonly labelIndex: number) {}

  /** Finds the label cell of `line`; returns whether every other cell is a plain decimal (isPlainDecimal). */
  read(line: string): boolean {
    let decimals = true;
    let start = 0;
    for (let column = 0; ; column++) {
      const comma = line.indexOf(",", start);
      const end = comma < 0 ? line.length : comma;
      if (column === this.labelIndex) {
        this.labelStart = start;
        this.labelEnd = end;
      } else if (decimals) {
        decimals = isPlainDecimal(line, start, end);
      }
      if (comma < 0) return decimals;
      start = comma + 1;
    }
  }

  /** The label cell of the line just read. */
  label(line: string): string {
    return line.slice(this.labelStart, this.labelEnd);
  }

  /** csvLine of the line just read without its label cell: the line less that cell and one comma, and an LF. */
  featuresLine(line: string): string {
    return this.labelStart === 0 ? `${line.slice(this.labelEnd + 1)}\n` : `${line.slice(0, this.labelStart - 1)}${line.slice(this.labelEnd)}\n`;
  }
}


function checkFeatures(reader: CsvReader, row: readonly string[], labelIndex: number): void {
  for (let column = 0; column < row.length; column++) {
    if (column === labelIndex || isPlainDecimal(row[column], 0, row[column].length)) continue;
    const value = strip(row[column]);
    if (!isDecimal(value) || !fitsFloat32(value)) {
      throw DatasetError.at(reader.source, reader.recordLine, `column '${reader.header[column]}' (${column + 1}) holds '${row[column]}'; `
        + "expected a number that fits a float32" + (value.length === 0 ? " (empty cells are not allowed in feature columns)" : ""));
    }
  }
}

/**
 * The two keys of a row (SplitSeed.keys): the first 8 bytes of `SHA-256(seed ‖ csvLine([className, ...features]))`
 * as an unsigned big-endian number select, the next 8 order. Keeps every row's selection key as two 32-bit halves.
 */
class RowKeys {
  readonly high = new Growable();
  readonly low = new Growable();
  private readonly hasher = new RowHash();
  private readonly encoder = new TextEncoder();
  /** Each class name's CSV cell and comma, as UTF-8: the start of its rows' hashed lines. */
  private readonly classCells = new Map<string, Uint8Array>();

  constructor(private readonly seed: Uint8Array) {
    this.hasher.buffer.set(seed);
  }

  addSelectionKey(className: string, featuresLine: string): void {
    this.hash(className, featuresLine);
    this.high.push(this.hasher.state[0] >>> 0);
    this.low.push(this.hasher.state[1] >>> 0);
  }

  /** Hashes the row of class `className` whose features' CSV line is `featuresLine`. */
  hash(className: string, featuresLine: string): void {
    let classCell = this.classCells.get(className);
    if (classCell === undefined) {
      classCell = this.encoder.encode(`${csvCell(className)},`);
      this.classCells.set(className, classCell);
    }
    const start = this.seed.length + classCell.length;
    this.hasher.reserve(start + 3 * featuresLine.length, this.seed.length);
    this.hasher.buffer.set(classCell, this.seed.length);
    const { written } = this.encoder.encodeInto(featuresLine, this.hasher.buffer.subarray(start));
    this.hasher.digest(start + written);
  }

  orderHigh(): number {
    return this.hasher.state[2] >>> 0;
  }

  orderLow(): number {
    return this.hasher.state[3] >>> 0;
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

/** Text written as UTF-8 in parts of about PART_CHARS characters, so no single huge string or buffer is built. */
class TextParts {
  private readonly parts: Uint8Array[] = [];
  private pending = "";
  private readonly encoder = new TextEncoder();

  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= PART_CHARS) this.flush();
  }

  blob(): Blob {
    this.flush();
    return new Blob(this.parts.map(plainBytes), { type: "text/csv" });
  }

  /** All the parts in one buffer. */
  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.blob().arrayBuffer());
  }

  private flush(): void {
    if (this.pending.length > 0) this.parts.push(this.encoder.encode(this.pending));
    this.pending = "";
  }
}
