// The fixed-point targets of a regression bounty as io.modelmarket.protocol.FixedPoint makes them (docs/protocol.md,
// "Encodings"): a target v of a bounty with d target decimals is the int32 round-half-even(v × 10^d), computed from the
// cell's decimal digits exactly (BigInt, never a float), and a vector of them is 4 bytes an item, big-endian.
import { strip } from "../java";

/** The most decimals a bounty's targets may have (FixedPoint.MAX_DECIMALS). */
export const MAX_DECIMALS = 9;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
/** Digits of the largest int32 (2147483647). */
const INT32_DIGITS = 10;
/** What Java's BigDecimal reads, given only the characters FixedPoint lets through. */
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Refuses decimals outside 0 to MAX_DECIMALS (FixedPoint.requireDecimals). */
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

/** The vector of `values`: 4 bytes each, big-endian two's complement (FixedPoint.encode). */
export function encodeFixedPoint(values: Int32Array): Uint8Array {
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(4 * i, values[i]);
  return bytes;
}

/** `value` at `decimals` decimals as a plain decimal, e.g. `-12.340` for -12340 at 3 (FixedPoint.toDecimal). */
export function toDecimal(value: number, decimals: number): string {
  requireDecimals(decimals);
  const digits = String(Math.abs(value)).padStart(decimals + 1, "0");
  const plain = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return value < 0 ? `-${plain}` : plain;
}

function outOfRange(decimals: number): RangeError {
  return new RangeError(`at ${decimals} decimals its fixed-point value lies beyond the int32 range (${INT32_MIN} to ${INT32_MAX}); use fewer decimals`);
}
