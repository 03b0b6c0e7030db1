// The numbers a CSV cell may hold, by the rules of Java's DatasetSplitter: the split, the label-column check and the
// data preview read cells alike, and decide a feature column's type (numeric, or categorical) the same way.
import { DatasetError } from "../csv";
import { strip } from "../java";

/** `[+-]?(digits[.digits*] | .digits)([eE][+-]?digits)?`: no NaN, hex or suffixes (DatasetSplitter.isDecimal). */
export function isDecimal(text: string): boolean {
  return /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(text);
}

/** The least magnitude Java's Float.parseFloat rounds to infinity: halfway between Float.MAX_VALUE and 2^128 (ties go up). */
/**
 * Whether a feature cell is a number of a numeric column (FeatureTypes): stripped as Java's String.strip, a decimal
 * that fits a float32. A missing cell (isMissing) is neither.
 */
export function isFeatureNumber(cell: string): boolean {
  const value = strip(cell);
  return isDecimal(value) && fitsFloat32(value);
}

/** Whether a cell is missing: empty or only spaces (U+0020), in a numeric or a categorical column alike. */
export function isMissing(cell: string): boolean {
  for (let i = 0; i < cell.length; i++) if (cell.charCodeAt(i) !== SPACE) return false;
  return true;
}

/** isMissing of the UTF-8 cell `bytes[start, end)`. */
export function isMissingBytes(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== SPACE) return false;
  return true;
}

/** The split's refusal of feature column `name` (header column `column`, 0-based) when it is missing in every row. */
export function noValueInAnyRow(source: string, name: string, column: number): DatasetError {
  return new DatasetError(`${source}: feature column '${name}' (${column + 1}) has no value in any row`);
}

const FLOAT32_OVERFLOW = 2 ** 128 - 2 ** 103;

/**
 * Whether a decimal is finite as a float32, as `!Float.isInfinite(Float.parseFloat(decimal))`; without an exponent,
 * up to 38 characters always are. The double nearest the decimal decides, except when it is the threshold itself
 * (rounding is monotonic): then the exact decimal is compared.
 */
export function fitsFloat32(decimal: string): boolean {
  if (decimal.length <= 38 && decimal.indexOf("e") < 0 && decimal.indexOf("E") < 0) return true;
  const nearest = Math.abs(Number(decimal));
  if (nearest !== FLOAT32_OVERFLOW) return nearest < FLOAT32_OVERFLOW;
  const [, integer, fraction = "", exponent = "0"] = /^[+-]?([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(decimal)!;
  const digits = BigInt(`${integer}${fraction}` || "0");
  const power = Number(exponent) - fraction.length;
  const threshold = BigInt(FLOAT32_OVERFLOW);
  return power >= 0 ? digits * 10n ** BigInt(power) < threshold : digits < threshold * 10n ** BigInt(-power);
}

const SPACE = 0x20;
