// Regression vectors as the contract reads them (Scoring.sol, metric MeanAbsoluteError): one fixed-point int32 per
// item, 4 bytes big-endian two's complement, and the score `sum(maxError - min(|p - y|, maxError))`.

export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

/** `values` (each an int32) as 4 bytes each, big-endian two's complement. */
export function encodeInt32(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => {
    if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) throw new RangeError(`not an int32: ${value}`);
    view.setInt32(i * 4, value, false);
  });
  return bytes;
}

/** The int32s of a vector {@link encodeInt32} made. */
export function decodeInt32(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 4 }, (_, i) => view.getInt32(i * 4, false));
}

/** The contract's MeanAbsoluteError score of `predictions` against `labels` (both encoded). */
export function clippedErrorScore(labels: Uint8Array, predictions: Uint8Array, maxError: number): number {
  const y = decodeInt32(labels);
  const p = decodeInt32(predictions);
  let score = 0;
  for (let i = 0; i < y.length; i++) score += maxError - Math.min(Math.abs(p[i] - y[i]), maxError);
  return score;
}

/** `size` int32 targets drawn uniformly from [`low`, `high`]. */
export function randomTargets(random: () => number, size: number, low = INT32_MIN, high = INT32_MAX): number[] {
  return Array.from({ length: size }, () => low + Math.floor(random() * (high - low + 1)));
}

/**
 * Predictions of `labels` (encoded) that score exactly `score` with `maxError`: item by item, each prediction is
 * off by as much as the remaining loss allows (capped at `maxError`), alternately above and below the target, and
 * kept within int32 by moving the other way when needed.
 */
export function predictionsScoring(labels: Uint8Array, maxError: number, score: number): Uint8Array {
  const y = decodeInt32(labels);
  let loss = maxError * y.length - score;
  if (loss < 0 || score < 0) throw new RangeError(`score ${score} is not in [0, ${maxError * y.length}]`);
  const p = y.map((target, i) => {
    const error = Math.min(loss, maxError);
    loss -= error;
    const up = target + error <= INT32_MAX && (i % 2 === 0 || target - error < INT32_MIN);
    return up ? target + error : target - error;
  });
  return encodeInt32(p);
}
