// What the requester's page shows of a CSV before anything is split or sealed: each column's type (numeric or
// categorical, by the split's rule, with its missing cells) and the label column's class balance, or for regression
// the distribution of its values, read in one pass over the whole file, and whether the split would refuse the label
// column (labelColumn.ts: the split's own rule and message) or a feature column.
import { CsvReader, DatasetError, textChunks } from "../csv";
import { listToString, strip } from "../java";
import { requireClasses, requireStratifiable, tooManyLabels } from "./labelColumn";
import { isDecimal, isFeatureNumber, isMissing, noValueInAnyRow } from "./numbers";

/** Labels counted at most: one more than a bounty's classes, where the split stops and refuses the column. */
const MAX_COUNTED_LABELS = 257;

export interface ColumnPreview {
  name: string;
  /**
   * The split's rule for a feature (FeatureTypes): `numeric` when every cell that is not missing is a number that fits
   * a float32, `categorical` when one is not.
   */
  type: "numeric" | "categorical";
  /** Missing cells: empty or only spaces (U+0020). */
  missing: number;
}

export interface CsvPreview {
  source: string;
  rows: number;
  columns: ColumnPreview[];
  labelColumn: string;
  /** The distinct labels, numbers by value when all are numbers, else in code-point order, and the rows of each. */
  labels: string[];
  rowsPerLabel: number[];
  /** The line of the first label past the most classes a bounty can have, if the column has that many (counting stops there). */
  tooManyLabelsAt?: number;
  /** Every row's label as a number, for a regression target's picture; null once a label is not a number. */
  values: Float64Array | null;
}

/** Reads every row of `file` once; `keepGoing` returning false stops the reading (the page asked for another preview). */
export async function previewCsv(file: Blob, source: string, labelColumn: string,
  onProgress: (bytesDone: number, bytesTotal: number) => void = () => {}, keepGoing: () => boolean = () => true): Promise<CsvPreview | null> {
  const reader = await CsvReader.open(textChunks(file, (bytes) => onProgress(bytes, file.size)), source);
  const { header } = reader;
  const labelIndex = header.indexOf(labelColumn);
  if (labelIndex < 0) throw DatasetError.at(source, 1, `no label column '${labelColumn}'; the header has ${listToString(header)}`);
  const categorical = header.map(() => false);
  const missing = header.map(() => 0);
  const counts = new Map<string, number>();
  let tooManyLabelsAt: number | undefined;
  let rows = 0;
  let stopped = false;
  let values: Float64Array | null = new Float64Array(1024);
  await reader.forEach((row) => {
    if (!keepGoing()) {
      stopped = true;
      throw new Error("stopped");
    }
    rows++;
    row.forEach((cell, column) => {
      if (isMissing(cell)) missing[column]++;
      else if (!categorical[column] && !isFeatureNumber(cell)) categorical[column] = true;
    });
    const label = strip(row[labelIndex]);
    if (values !== null) {
      if (!isDecimal(label)) {
        values = null;
      } else {
        if (rows > values.length) {
          const larger = new Float64Array(2 * values.length);
          larger.set(values);
          values = larger;
        }
        values[rows - 1] = Number(label);
      }
    }
    if (counts.has(label)) {
      counts.set(label, counts.get(label)! + 1);
    } else if (counts.size < MAX_COUNTED_LABELS) {
      counts.set(label, 1);
      if (counts.size === MAX_COUNTED_LABELS) tooManyLabelsAt = reader.recordLine;
    }
  }).catch((error: unknown) => {
    if (!stopped) throw error;
  });
  if (stopped) return null;
  const labels = [...counts.keys()];
  if (labels.every(isDecimal)) labels.sort((a, b) => Number(a) - Number(b));
  else labels.sort();
  return {
    source, rows, labelColumn, labels, tooManyLabelsAt, values: values?.subarray(0, rows) ?? null,
    columns: header.map((name, column) => ({ name, type: categorical[column] ? "categorical" : "numeric", missing: missing[column] })),
    rowsPerLabel: labels.map((label) => counts.get(label)!),
  };
}

/**
 * Why the split would refuse this label column with these options, in its own words; null when it would not. A
 * regression split has no classes to check (it names a target that is not a number at its line).
 */
export function labelColumnProblem(preview: CsvPreview,
  options: { testFraction: number; stratified: boolean; classesFromNumbers: boolean; task?: "classification" | "regression" }): string | null {
  const { source, labelColumn, labels, rowsPerLabel } = preview;
  if (options.task === "regression") return null;
  try {
    if (preview.tooManyLabelsAt !== undefined) throw tooManyLabels(source, preview.tooManyLabelsAt, labelColumn, labels);
    requireClasses(source, labelColumn, labels, preview.rows, options.classesFromNumbers);
    if (options.stratified && options.testFraction > 0 && options.testFraction < 1) {
      requireStratifiable(source, labels, rowsPerLabel, options.testFraction);
    }
    return null;
  } catch (error) {
    if (error instanceof DatasetError) return error.message;
    throw error;
  }
}

/** Why the split would refuse a feature column, in its own words (a column missing in every row); null when it would not. */
export function featureColumnsProblem(preview: CsvPreview): string | null {
  const column = preview.columns.findIndex(({ name, missing }) => name !== preview.labelColumn && missing === preview.rows);
  return preview.rows === 0 || column < 0 ? null : noValueInAnyRow(preview.source, preview.columns[column].name, column).message;
}

/** Whether a classification split would refuse this label column as a numeric target: one to post as regression. */
export function looksLikeTarget(preview: CsvPreview): boolean {
  if (!preview.labels.every(isDecimal)) return false;
  if (preview.tooManyLabelsAt !== undefined) return true;
  try {
    requireClasses(preview.source, preview.labelColumn, preview.labels, preview.rows, false);
    return false;
  } catch {
    return true;
  }
}
