// Whether a label column holds classes the market can score, as io.modelmarket.dataset.LabelColumnCheck decides it
// (docs/datasets.md, "Is the label column classes?"), with the same messages: the split and the page's preview ask here.
import { DatasetError } from "../csv";
import { javaDoubleToString } from "../java";
import { isDecimal } from "./numbers";

/** Numeric labels with more distinct values than this, and than one in ROWS_PER_VALUE rows, look like a target. */
const MANY_NUMERIC_VALUES = 10;
const ROWS_PER_VALUE = 20;
/** At most this many classes (ClassList.MAX_CLASSES). */
const MAX_CLASSES = 256;
const MAX_INT = 2 ** 31 - 1;

/** Refuses a column of many distinct numbers unless `classesFromNumbers`: it is a regression bounty's target. */
export function requireClasses(source: string, labelColumn: string, distinctLabels: readonly string[], rows: number,
  classesFromNumbers: boolean): void {
  const values = distinctLabels.length;
  if (classesFromNumbers || values <= MANY_NUMERIC_VALUES || values * ROWS_PER_VALUE <= rows || !distinctLabels.every(isDecimal)) return;
  throw new DatasetError(`${source}: label column '${labelColumn}' has ${values} distinct numeric values in ${rows} rows: it looks like a`
    + " numeric target, not classes: post it as a regression bounty (--task regression in the CLI), or pass --classes-from-numbers (CLI) /"
    + " tick 'These numbers are classes' (UI) to post it as classification anyway");
}

/** The refusal of a label column with more than MAX_CLASSES distinct labels, found at `line`. */
export function tooManyLabels(source: string, line: number, labelColumn: string, distinctLabels: readonly string[]): DatasetError {
  return DatasetError.at(source, line, distinctLabels.every(isDecimal)
    ? `label column '${labelColumn}' has more than ${MAX_CLASSES} distinct numeric values: it looks like a numeric target, not classes`
      + ` (a classification bounty has at most ${MAX_CLASSES}): post it as a regression bounty (--task regression in the CLI)`
    : `more than ${MAX_CLASSES} distinct labels; a bounty has at most ${MAX_CLASSES} classes`);
}

/**
 * Refuses a stratified split that leaves a class of the data without a test row or without a training row, naming the
 * first such class. A class of the list with no row at all (a gap in numeric labels) is not checked.
 */
export function requireStratifiable(source: string, classes: readonly string[], rowsPerClass: readonly number[], testFraction: number): void {
  const needed = leastStratifiedRows(testFraction);
  rowsPerClass.forEach((rows, c) => {
    if (rows > 0 && rows < needed) {
      throw new DatasetError(`${source}: class '${classes[c]}' has ${rows} ${rows === 1 ? "row" : "rows"}; a stratified split at a test fraction`
        + ` of ${javaDoubleToString(testFraction)} needs at least ${needed} rows of every class (one test row and one training row):`
        + ` add rows of class '${classes[c]}', or split without stratification`);
    }
  });
}

/** The fewest rows `n` a class needs so that its test quota `round(testFraction × n)` is 1 to `n - 1`. */
export function leastStratifiedRows(testFraction: number): number {
  // round(f n) >= 1 needs f n >= 1/2, round(f n) <= n - 1 needs (1 - f) n > 1/2: start just below both, then count up
  // (no further than a dataset's most rows, for a fraction so close to 0 or 1 that no dataset could do).
  let n = Math.max(1, Math.min(MAX_INT, Math.floor(0.5 / Math.min(testFraction, 1 - testFraction)) - 1));
  while (n < MAX_INT && !hasTestAndTrainingRow(n, testFraction)) n++;
  return n;
}

function hasTestAndTrainingRow(rows: number, testFraction: number): boolean {
  const test = Math.round(testFraction * rows); // DatasetSplitter.quotas
  return test >= 1 && test <= rows - 1;
}
