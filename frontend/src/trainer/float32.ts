// A CSV cell as the float32 Java's Float.parseFloat makes of it (the verifier's sandbox reads test inputs that way).
// Math.fround(Number(text)) rounds twice, first to a double, then to a float: when the first rounding lands exactly
// on the midpoint between two floats, the second breaks the tie to even, which can be the wrong side of the decimal
// value. That case is decided here exactly, with BigInt.

const DECIMAL = /^([+-]?)(?:(\d+)\.?(\d*)|\.(\d+))(?:[eE]([+-]?\d+))?[fFdD]?$/;
const SPECIAL = /^[+-]?(?:NaN|Infinity)[fFdD]?$/;
const FLOAT_MAX_HALF_ULP_ABOVE = 3.4028235677973366e38; // between Float.MAX_VALUE and 2^128: the overflow tie

/** `text` (already trimmed) as float32, rounded once from its exact decimal value; null when it is not a number. */
export function parseFloat32(text: string): number | null {
  if (SPECIAL.test(text)) return text.includes("NaN") ? NaN : text.startsWith("-") ? -Infinity : Infinity;
  const match = DECIMAL.exec(text);
  if (match === null) return null;
  const [, sign, whole, fraction = "", onlyFraction, exponent = "0"] = match;
  const digits = (whole ?? "") + (onlyFraction ?? fraction);
  const value = Number(text.replace(/[fFdD]$/, ""));
  const rounded = Math.fround(value);
  const magnitude = Math.abs(value);
  if (magnitude === 0 || !isFloatMidpoint(magnitude)) return rounded;
  // The double is exactly halfway between two floats: compare the decimal text itself with that midpoint.
  const below = floatBelow(magnitude);
  const above = magnitude === FLOAT_MAX_HALF_ULP_ABOVE ? Infinity : floatAbove(magnitude);
  const decimalExponent = Number(exponent) - (onlyFraction ?? fraction).length;
  const order = compareDecimalWithDouble(BigInt(digits), decimalExponent, magnitude);
  const chosen = order === 0 ? Math.abs(rounded) : order > 0 ? above : below;
  return sign === "-" ? -chosen : chosen;
}

/** Whether a positive double lies exactly halfway between two adjacent float32 values (or at the overflow tie). */
function isFloatMidpoint(magnitude: number): boolean {
  if (magnitude === FLOAT_MAX_HALF_ULP_ABOVE) return true;
  const nearest = Math.fround(magnitude);
  if (nearest === magnitude || !Number.isFinite(nearest)) return false;
  const other = nearest < magnitude ? floatAbove(nearest) : floatBelow(nearest);
  return (nearest + other) / 2 === magnitude; // exact: a midpoint of floats needs at most 25 significant bits
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** The largest positive float32 below `value` (a positive double). */
function floatBelow(value: number): number {
  scratch[0] = value;
  if (scratch[0] >= value) scratchBits[0] -= 1;
  return scratch[0];
}

/** The smallest positive float32 above `value` (a positive double). */
function floatAbove(value: number): number {
  scratch[0] = value;
  if (scratch[0] <= value) scratchBits[0] += 1;
  return scratch[0];
}

/** The sign of `digits × 10^exponent − double`, exactly (`double` positive and finite). */
function compareDecimalWithDouble(digits: bigint, exponent: number, double: number): number {
  const [mantissa, binaryExponent] = exactBinary(double);
  let left = digits;
  let right = mantissa;
  if (exponent >= 0) left *= 10n ** BigInt(exponent);
  else right *= 10n ** BigInt(-exponent);
  if (binaryExponent >= 0) right <<= BigInt(binaryExponent);
  else left <<= BigInt(-binaryExponent);
  return left === right ? 0 : left > right ? 1 : -1;
}

/** A positive finite double as `mantissa × 2^exponent` with an integer mantissa. */
function exactBinary(double: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, double);
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0 ? [fraction, -1074] : [fraction | (1n << 52n), biased - 1075];
}
