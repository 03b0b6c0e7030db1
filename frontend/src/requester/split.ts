// The split in the browser, byte for byte as io.modelmarket.dataset.DatasetSplitter (docs/datasets.md, "Split"):
// the same salt and file give the same training CSV, test-inputs CSV, labels and class list, and bad input the same
// errors. Two passes over the File, as in Java (splitPasses.ts): the first checks every row, counts the classes and
// keeps each row's two keys (selection and order, 16 bytes a row, no row text); the second writes. A large file's passes run on every
// core, a range of the file a Web Worker (splitHelpers.ts), and are put together here in file order; bad input, or
// ranges that do not meet, send pass 1 back to one thread from the start, which names the line of an error. The
// training CSV goes out as a Blob in 1 MiB parts; the test rows are held as bytes until they are put in their secret
// order (a test set must be in memory anyway, to be sealed with WebCrypto's one-shot AES-GCM).
import { concat, getBytes, id, sha256 } from "ethers";
import { DatasetError, csvCell, csvLine } from "../csv";
import { ByteCsvReader } from "../csvBytes";
import { plainBytes } from "../bytes";
import { isBlank, javaDoubleToString, listToString } from "../java";
import { requireClasses, requireStratifiable } from "./labelColumn";
import { MAX_CLASSES, categoricalColumns, featureTypes, surveyRange, writeRange, type FeatureType, type RangeOutput, type RangeSurvey,
  type RowLabels } from "./splitPasses";
import { encode as encodeFixedPoint, requireDecimals } from "../protocol/fixedPoint";
import { SplitHelpers, type SplitTask } from "./splitHelpers";
import { TestOrder } from "./testOrder";

const MAX_ROWS = 2 ** 31 - 1 - 8;
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
  /** What the label column holds: classes (when absent), or a numeric target (never stratified, no class list). */
  task?: "classification" | "regression";
  /** For regression, the decimals d of the fixed-point targets: each target becomes round-half-even(v × 10^d). */
  targetDecimals?: number;
  /** Feature columns that are categorical whatever they hold (zip codes, ids); the split decides the others' types. */
  categorical?: readonly string[];
}

export interface SplitResult {
  /** The feature columns in file order (the order of the model's input). */
  featureColumns: string[];
  /** Each feature column's type, in the same order: `float32` (numeric) or `string` (categorical). */
  featureTypes: FeatureType[];
  /** The class list the labels index into (empty for regression). */
  classes: string[];
  trainingRows: number;
  testRows: number;
  /** The test labels in test-row order, the ground truth: one class index a byte, or for regression 4-byte big-endian fixed-point targets. */
  labels: Uint8Array;
  /** For regression, the fixed-point targets of the training rows (file order) and of the test rows (test-row order). */
  targets?: { training: Int32Array; test: Int32Array };
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
  const seed = splitSeed(options.salt);
  const reading = progressOf("reading", file.size, onProgress);
  const reader = await ByteCsvReader.open(file, source, reading);
  const { header } = reader;
  const labelIndex = header.indexOf(options.labelColumn);
  if (labelIndex < 0) throw DatasetError.at(source, 1, `no label column '${options.labelColumn}'; the header has ${listToString(header)}`);
  if (header.length < 2) throw DatasetError.at(source, 1, "the file has no feature column besides the label");
  const categorical = categoricalColumns(source, header, labelIndex, options.categorical ?? []);
  const targetDecimals = options.task === "regression" ? options.targetDecimals : undefined;
  const task: SplitTask = { file, source, header, labelColumn: options.labelColumn, labelIndex, categorical, seed, targetDecimals };
  let helpers = file.size >= PARALLEL_BYTES && typeof Worker === "function" ? await SplitHelpers.start(task, reader.offset) : null;
  try {
    let ranges = helpers === null ? null : await helpers.survey(reading);
    if (ranges === null || countDistinct(ranges) > MAX_CLASSES) {
      // one thread from the start of the file, the only way to name the line of an error, or when the parts did not meet
      helpers?.close();
      helpers = null;
      ranges = [await surveyRange(reader, options.labelColumn, labelIndex, categorical, seed, targetDecimals)];
    }
    const survey = targetDecimals !== undefined ? mergeTargets(source, ranges, options) : merge(source, ranges, options);
    const types = featureTypes(source, header, labelIndex, allOf(ranges.map((range) => range.numeric)), anyOf(ranges.map((range) => range.seen)));
    const isTest = selectTestRows(survey, options);
    const testCount = survey.testQuotas.reduce((sum, rows) => sum + rows, 0);
    const rowIsTest = rowsOfRanges(isTest, ranges);
    const rows: RowLabels[] = survey.rowTargets !== null
      ? rowsOfRanges(survey.rowTargets, ranges).map((rowTargets) => ({ rowTargets }))
      : rowsOfRanges(survey.rowClasses, ranges).map((rowClasses) => ({ classCells: survey.classCells, rowClasses }));
    const testRows = rowIsTest.map(countOnes);
    const splitting = progressOf("splitting", file.size, onProgress);
    const outputs = helpers !== null
      ? await helpers.write(rows, rowIsTest, testRows, splitting)
      : [await writeRange(await ByteCsvReader.open(file, source, splitting), labelIndex, rows[0], rowIsTest[0], testRows[0])];
    return assemble(header, labelIndex, types, survey, isTest, outputs, testCount, await TestOrder.create());
  } finally {
    helpers?.close();
  }
}

/** Reports of the bytes a pass has read, never fewer than before (a pass that starts again on one thread reads some twice). */
function progressOf(stage: "reading" | "splitting", total: number, onProgress?: SplitProgress): (bytesRead: number) => void {
  let done = 0;
  return (bytesRead) => {
    done = Math.max(done, bytesRead);
    onProgress?.(stage, done, total);
  };
}

/** Files smaller than this split on one thread: starting Workers would cost more than it saves. */
const PARALLEL_BYTES = 8 << 20;

/** How many labels the ranges have between them. */
function countDistinct(ranges: RangeSurvey[]): number {
  return new Set(ranges.flatMap((range) => range.labels)).size;
}

/** Per column, 1 where every range's flag is 1. */
function allOf(flags: Uint8Array[]): Uint8Array {
  return flags[0].map((_, column) => (flags.every((range) => range[column] === 1) ? 1 : 0));
}

/** Per column, 1 where some range's flag is 1. */
function anyOf(flags: Uint8Array[]): Uint8Array {
  return flags[0].map((_, column) => (flags.some((range) => range[column] === 1) ? 1 : 0));
}

/** How many of `flags` are 1. */
function countOnes(flags: Uint8Array): number {
  let ones = 0;
  for (let i = 0; i < flags.length; i++) ones += flags[i];
  return ones;
}

/** `perRow` cut into the rows of each range. */
function rowsOfRanges<T extends Uint8Array | Int32Array>(perRow: T, ranges: RangeSurvey[]): T[] {
  if (ranges.length === 1) return [perRow];
  let row = 0;
  return ranges.map((range) => perRow.subarray(row, (row += range.high.length)) as T);
}

function checkOptions(options: SplitOptions): void {
  if (typeof options.labelColumn !== "string" || isBlank(options.labelColumn)) throw new DatasetError("the label column needs a name");
  if (!(options.testFraction > 0 && options.testFraction < 1)) {
    throw new DatasetError(`the test fraction must be between 0 and 1 (exclusive), got ${javaDoubleToString(options.testFraction)}`);
  }
  if (!(options.salt instanceof Uint8Array) || options.salt.length !== 32) throw new DatasetError("the split needs the 32-byte ground-truth salt");
  if (options.task === "regression") {
    try {
      requireDecimals(options.targetDecimals ?? -1);
    } catch (e) {
      throw new DatasetError((e as Error).message);
    }
    if (options.stratified) throw new DatasetError("a regression split has no classes: it is neither stratified nor given a class list");
  } else if (options.targetDecimals !== undefined && options.targetDecimals !== 0) {
    throw new DatasetError("target decimals are for regression splits only");
  }
}

interface Survey {
  classes: string[];
  /** Each class's CSV cell and a comma, as UTF-8: the start of its rows' hashed lines. */
  classCells: Uint8Array[];
  /** The class of every row, in file order (classification). */
  rowClasses: Uint8Array;
  /** The fixed-point target of every row, in file order (regression; else null). */
  rowTargets: Int32Array | null;
  rowsPerClass: number[];
  testQuotas: number[];
  /** Every row's selection key, as two unsigned 32-bit halves, and its order key. */
  high: Uint32Array;
  low: Uint32Array;
  orderHigh: Uint32Array;
  orderLow: Uint32Array;
}

/** The ranges' pass 1 put together, in file order: the class list, each row's class and key, the test quotas. */
function merge(source: string, ranges: RangeSurvey[], options: SplitOptions): Survey {
  const labelsInOrder: string[] = [];
  const rowsPerLabel: number[] = [];
  const ids = new Map<string, number>();
  const rangeIds = ranges.map((range) => range.labels.map((label, i) => {
    let id = ids.get(label);
    if (id === undefined) {
      id = labelsInOrder.length;
      ids.set(label, id);
      labelsInOrder.push(label);
      rowsPerLabel.push(0);
    }
    rowsPerLabel[id] += range.rowsPerLabel[i];
    return id;
  }));
  const rows = ranges.reduce((sum, range) => sum + range.rowLabels.length, 0);
  requireClasses(source, options.labelColumn, labelsInOrder, rows, options.classesFromNumbers === true);
  const classes = deriveClasses(labelsInOrder);
  const classOfLabel = labelsInOrder.map((label) => classes.indexOf(label));
  const rowsPerClass = classes.map(() => 0);
  labelsInOrder.forEach((_, labelId) => (rowsPerClass[classOfLabel[labelId]] += rowsPerLabel[labelId]));
  const quotas = testQuotas(source, rowsPerClass, options);
  if (options.stratified) requireStratifiable(source, classes, rowsPerClass, options.testFraction);
  const rowClasses = new Uint8Array(rows);
  let row = 0;
  ranges.forEach((range, r) => {
    const classOf = rangeIds[r].map((id) => classOfLabel[id]);
    for (const label of range.rowLabels) rowClasses[row++] = classOf[label];
  });
  const encoder = new TextEncoder();
  return { classes, classCells: classes.map((name) => encoder.encode(`${csvCell(name)},`)), rowClasses, rowTargets: null, rowsPerClass,
    testQuotas: quotas, ...keysOf(ranges, rows) };
}

/** The ranges' pass 1 of a regression split put together, in file order: each row's target and key, the one test quota. */
function mergeTargets(source: string, ranges: RangeSurvey[], options: SplitOptions): Survey {
  const rows = ranges.reduce((sum, range) => sum + range.high.length, 0);
  const quotas = testQuotas(source, [rows], options);
  return { classes: [], classCells: [], rowClasses: new Uint8Array(0), rowsPerClass: [], testQuotas: quotas,
    rowTargets: joined(ranges.map((range) => range.rowTargets), rows, (n) => new Int32Array(n)), ...keysOf(ranges, rows) };
}

/** The ranges' row keys, joined in file order. */
function keysOf(ranges: RangeSurvey[], rows: number): Pick<Survey, "high" | "low" | "orderHigh" | "orderLow"> {
  const keys = (part: (range: RangeSurvey) => Uint32Array) => joined(ranges.map(part), rows, (n) => new Uint32Array(n));
  return { high: keys((range) => range.high), low: keys((range) => range.low), orderHigh: keys((range) => range.orderHigh),
    orderLow: keys((range) => range.orderLow) };
}

/** `parts` one after the other in an array of `rows` (`make` makes it), or the one part. */
function joined<T extends Uint32Array | Int32Array>(parts: T[], rows: number, make: (length: number) => T): T {
  if (parts.length === 1) return parts[0];
  const all = make(rows);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
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

/**
 * Every bucket's quota of rows with the smallest (selection key, row index); returns one flag a row. Found without
 * ordering the rows: a count of each bucket's keys by their top 12 bits gives the digit below which all its rows are
 * taken and above which none; only the rows at that digit, a few hundredths of a percent of the rows, are ordered.
 */
function selectTestRows(survey: Survey, options: SplitOptions): Uint8Array {
  const { high, low, rowClasses } = survey;
  const n = high.length;
  const quotas = survey.testQuotas;
  const bucketOf = options.stratified ? (row: number) => rowClasses[row] : () => 0;
  const counts = new Uint32Array(quotas.length << SELECT_BITS);
  for (let row = 0; row < n; row++) counts[(bucketOf(row) << SELECT_BITS) | (high[row] >>> (32 - SELECT_BITS))]++;
  const threshold = new Int32Array(quotas.length).fill(-1); // per bucket, the digit where its quota is reached
  const atThreshold = new Uint32Array(quotas.length); // and how many rows of that digit it takes
  quotas.forEach((quota, bucket) => {
    let below = 0;
    for (let digit = 0; below < quota; digit++) {
      const count = counts[(bucket << SELECT_BITS) | digit];
      if (below + count >= quota) {
        threshold[bucket] = digit;
        atThreshold[bucket] = quota - below;
      }
      below += count;
    }
  });
  const isTest = new Uint8Array(n);
  const candidates: number[] = [];
  for (let row = 0; row < n; row++) {
    const bucket = bucketOf(row);
    const digit = high[row] >>> (32 - SELECT_BITS);
    if (digit < threshold[bucket]) isTest[row] = 1;
    else if (digit === threshold[bucket]) candidates.push(row);
  }
  candidates.sort((a, b) => bucketOf(a) - bucketOf(b) || high[a] - high[b] || low[a] - low[b] || a - b);
  for (const row of candidates) {
    const bucket = bucketOf(row);
    if (atThreshold[bucket] > 0) {
      atThreshold[bucket]--;
      isTest[row] = 1;
    }
  }
  return isTest;
}

/** The selection counts keys by this many top bits. */
const SELECT_BITS = 12;

/**
 * The indices 0 to n - 1 in the order of their keys, unsigned 64-bit numbers given as (high, low) 32-bit halves, ties
 * in index order. Keys are hashes, spread evenly: the keys go, in index order, to 65,536 buckets by their top 16 bits
 * (a counting sort, keys carried along so that they are read in order), then each bucket, a few keys long, is sorted
 * in place. Linear where a comparison sort of millions of keys is not.
 */
function orderByKey(high: Uint32Array, low: Uint32Array): Uint32Array {
  const n = high.length;
  const starts = new Uint32Array((1 << 16) + 1);
  for (let i = 0; i < n; i++) starts[(high[i] >>> 16) + 1]++;
  for (let digit = 1; digit < starts.length; digit++) starts[digit] += starts[digit - 1];
  const next = starts.slice(0, 1 << 16);
  const order = new Uint32Array(n);
  const highs = new Uint32Array(n);
  const lows = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const at = next[high[i] >>> 16]++;
    order[at] = i;
    highs[at] = high[i];
    lows[at] = low[i];
  }
  for (let digit = 0; digit < 1 << 16; digit++) {
    const start = starts[digit];
    const end = starts[digit + 1];
    if (end - start <= SMALL_BUCKET) {
      for (let i = start + 1; i < end; i++) { // insertion sort, stable: a key moves only past larger ones
        const h = highs[i], l = lows[i], index = order[i];
        let j = i - 1;
        for (; j >= start && (highs[j] > h || (highs[j] === h && lows[j] > l)); j--) {
          highs[j + 1] = highs[j];
          lows[j + 1] = lows[j];
          order[j + 1] = order[j];
        }
        highs[j + 1] = h;
        lows[j + 1] = l;
        order[j + 1] = index;
      }
    } else { // many equal keys (repeated rows) or a crowded bucket
      const sorted = Array.from(order.subarray(start, end)).sort((a, b) => high[a] - high[b] || low[a] - low[b] || a - b);
      order.set(sorted, start);
    }
  }
  return order;
}

/** Buckets up to this long are sorted by insertion. */
const SMALL_BUCKET = 48;

/** The outputs of pass 2 put together: the training CSV in file order, the test inputs and labels in order-key order. */
function assemble(header: readonly string[], labelIndex: number, featureTypes: FeatureType[], survey: Survey, isTest: Uint8Array, outputs: RangeOutput[],
  testCount: number, testOrder: TestOrder): SplitResult {
  const encoder = new TextEncoder();
  const featureColumns = header.filter((_, column) => column !== labelIndex);
  const orderHigh = new Uint32Array(testCount);
  const orderLow = new Uint32Array(testCount);
  const inFileOrder = new Int32Array(testCount);
  for (let row = 0, k = 0; row < isTest.length; row++) {
    if (isTest[row] === 0) continue;
    orderHigh[k] = survey.orderHigh[row];
    orderLow[k++] = survey.orderLow[row];
  }
  let k = 0;
  for (const output of outputs) {
    inFileOrder.set(output.testLabels, k);
    k += output.testLineEnds.length;
  }
  if (k !== testCount) throw new Error(`the selection took ${k} test rows instead of ${testCount}`);
  const order = orderByKey(orderHigh, orderLow);
  const testInputs = testOrder.inOrder(encoder.encode(csvLine(featureColumns)),
    outputs.map((output) => ({ lines: output.testLines, lineEnds: output.testLineEnds })), order);
  const testLabels = new Int32Array(testCount);
  for (let j = 0; j < testCount; j++) testLabels[j] = inFileOrder[order[j]];
  const testPerClass = survey.classes.map(() => 0);
  if (survey.rowTargets === null) for (const label of testLabels) testPerClass[label]++;
  const training = [encoder.encode(csvLine(header)), ...outputs.flatMap((output) => output.training)];
  return {
    featureColumns,
    featureTypes,
    classes: survey.classes,
    trainingRows: outputs.reduce((sum, output) => sum + output.trainingRows, 0),
    testRows: testCount,
    labels: survey.rowTargets !== null ? encodeFixedPoint(testLabels) : Uint8Array.from(testLabels),
    targets: survey.rowTargets !== null ? { training: survey.rowTargets.filter((_, row) => isTest[row] === 0), test: testLabels } : undefined,
    trainingPerClass: survey.rowsPerClass.map((rows, c) => rows - testPerClass[c]),
    testPerClass,
    training: new Blob(training.map(plainBytes), { type: "text/csv" }),
    testInputs,
  };
}
