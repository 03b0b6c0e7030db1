// The fixed-point numbers of a regression bounty (docs/protocol.md, "Encodings"), as Java's io.modelmarket.protocol.FixedPoint
// makes them: a target or a prediction v at `decimals` d is the int32 round-half-even(v × 10^d) (a target's computed from the
// cell's decimal digits exactly, with BigInt, never a float), and a vector of them is 4 bytes per item, big-endian two's
// complement.
import { strip } from "../java";

/** Bytes per item of a regression label or prediction vector. */
export const ITEM_BYTES = 4;
/** The most decimals a bounty's targets may have. */
export const MAX_DECIMALS = 9;
/** How far a re-run prediction may lie from the revealed one and still reproduce it (units of the last decimal). */
export const REPRODUCTION_TOLERANCE = 1;

const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** Digits of the largest int32 (2147483647). */
const INT32_DIGITS = 10;
/** What Java's BigDecimal reads, given only the characters FixedPoint lets through. */
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Refuses decimals outside 0..MAX_DECIMALS. */
export function requireDecimals(decimals: number): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
    throw new RangeError(`the target decimals must be 0 to ${MAX_DECIMALS}, got ${decimals}`);
  }
  return decimals;
}

/**
 * The fixed-point value of the decimal `text` (surrounding Java whitespace stripped) at `decimals` decimals, as
 * FixedPoint.fromDecimal: throws a RangeError whose message completes "holds '…': …" for anything but a decimal number,
 * or a value beyond the int32 range.
 */
export function fromDecimal(text: string, decimals: number): number {
  return scaled(text, decimals).value;
}

/** The fixed-point value of the decimal `text` when it is a whole number of units at `decimals` decimals; null when it is finer. */
export function exactFixedPoint(text: string, decimals: number): number | null {
  const { value, exact } = scaled(text, decimals);
  return exact ? value : null;
}

function scaled(text: string, decimals: number): { value: number; exact: boolean } {
  requireDecimals(decimals);
  const match = DECIMAL.exec(strip(text));
  const [, sign, whole, fraction = "", exponent = "0"] = match ?? [];
  if (match === null || whole.length + fraction.length === 0) {
    throw new RangeError("expected a decimal number");
  }
  const exp = Number(exponent);
  // BigDecimal keeps its scale (fraction digits less the exponent) in an int
  const scale = fraction.length - exp;
  if (!Number.isSafeInteger(exp) || scale < INT32_MIN || scale > INT32_MAX) throw new RangeError("expected a decimal number");
  const digits = (whole + fraction).replace(/^0+/, "");
  if (digits.length === 0) return { value: 0, exact: true };
  const integerDigits = digits.length - scale;
  if (integerDigits + decimals > INT32_DIGITS) throw outOfRange(decimals);
  if (integerDigits + decimals < 0) return { value: 0, exact: false };
  const unscaled = BigInt(digits);
  const shift = decimals - scale;
  let magnitude: bigint;
  let exact = true;
  if (shift >= 0) {
    magnitude = unscaled * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    magnitude = unscaled / divisor;
    const twice = 2n * (unscaled % divisor);
    exact = twice === 0n;
    if (twice > divisor || (twice === divisor && magnitude % 2n === 1n)) magnitude++;
  }
  const value = sign === "-" ? -magnitude : magnitude;
  if (value < BigInt(INT32_MIN) || value > BigInt(INT32_MAX)) throw outOfRange(decimals);
  return { value: Number(value), exact };
}

/** `x` rounded to the nearest integer, ties to even (Java's Math.rint). */
function rint(x: number): number {
  const rounded = Math.round(x); // ties towards +∞
  return rounded - x === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded;
}

/**
 * The fixed-point value of a model's float32 output `value` (a number that holds a float32 exactly, as ONNX Runtime's
 * Float32Array gives it): round-half-even(value × 10^d), the product computed in float64, where it is exact.
 * Throws an Error whose message completes "the prediction …", in Java's words, for NaN, an infinite value or a value
 * beyond the int32 range.
 */
export function fromFloat(value: number, decimals: number): number {
  requireDecimals(decimals);
  if (!Number.isFinite(value)) throw new Error(`is ${value}; predictions must be finite numbers`);
  const scaled = rint(value * POWERS_OF_TEN[decimals]);
  if (scaled < INT32_MIN || scaled > INT32_MAX) {
    throw new Error(`is ${BigInt(scaled)} at ${decimals} decimals, beyond the int32 range (${INT32_MIN} to ${INT32_MAX})`);
  }
  return scaled | 0; // -0 becomes 0
}

/** `value` units at `decimals` decimals as a plain decimal, e.g. "-12.340" for -12340 at 3 (Java's BigDecimal.toPlainString). */
export function toDecimal(value: number | bigint, decimals: number): string {
  requireDecimals(decimals);
  const units = BigInt(value);
  const digits = (units < 0n ? -units : units).toString().padStart(decimals + 1, "0");
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return units < 0n ? `-${text}` : text;
}

/** The vector of `values`: 4 bytes each, big-endian two's complement. */
export function encode(values: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(values.length * ITEM_BYTES);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(i * ITEM_BYTES, values[i], false);
  return bytes;
}

/** The values of a vector `encode` wrote; refused when its length is not a multiple of 4. */
export function decode(vector: Uint8Array): Int32Array {
  if (vector.length % ITEM_BYTES !== 0) {
    throw new RangeError(`a fixed-point vector has 4 bytes per item; ${vector.length} bytes is not a whole number of items`);
  }
  const view = new DataView(vector.buffer, vector.byteOffset, vector.byteLength);
  return Int32Array.from({ length: vector.length / ITEM_BYTES }, (_, i) => view.getInt32(i * ITEM_BYTES, false));
}

function outOfRange(decimals: number): RangeError {
  return new RangeError(`at ${decimals} decimals its fixed-point value lies beyond the int32 range (${INT32_MIN} to ${INT32_MAX}); use fewer decimals`);
}
