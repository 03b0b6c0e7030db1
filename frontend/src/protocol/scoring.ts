// How the contract scores a submission (Scoring.sol; docs/protocol.md, "Scoring"): higher is better, from 0 to maxScore.
// Accuracy counts the items where the predictions equal the labels; MeanAbsoluteError sums maxError − min(|p − y|, maxError)
// over fixed-point int32 items (4 bytes big-endian, fixedPoint.ts). Every number here stays below 2^53, so plain numbers
// are exact. Imports nothing, so that the contract's tests (Node) load it as it is.

/** The number of positions where `a` and `b` hold the same class. */
export function countMatches(a: Uint8Array, b: Uint8Array): number {
  let matches = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) matches++;
  return matches;
}

/** Σ (maxError − min(|p − y|, maxError)) over the 4-byte items of `predictions` and `labels`. */
export function meanAbsoluteErrorScore(predictions: Uint8Array, labels: Uint8Array, maxError: number): number {
  if (predictions.length !== labels.length || predictions.length % 4 !== 0) {
    throw new RangeError(`${predictions.length} prediction bytes for ${labels.length} label bytes; 4 bytes an item`);
  }
  const p = new DataView(predictions.buffer, predictions.byteOffset, predictions.byteLength);
  const y = new DataView(labels.buffer, labels.byteOffset, labels.byteLength);
  let score = 0;
  for (let at = 0; at < predictions.length; at += 4) score += maxError - Math.min(Math.abs(p.getInt32(at) - y.getInt32(at)), maxError);
  return score;
}

/** The score of `predictions` against `labels` under the bounty's metric (its name, as the API sends it). */
export function score(metric: string, maxError: number, predictions: Uint8Array, labels: Uint8Array): number {
  if (metric === "MeanAbsoluteError") return meanAbsoluteErrorScore(predictions, labels, maxError);
  if (predictions.length !== labels.length) throw new RangeError(`${predictions.length} predictions for ${labels.length} labels`);
  return countMatches(predictions, labels);
}

/**
 * The clipped mean absolute error a MeanAbsoluteError score stands for, in units of the last decimal:
 * maxError − score / testSize (docs/protocol.md, "Scoring").
 */
export function meanErrorUnits(score: number, testSize: number, maxError: number): number {
  return (maxError * testSize - score) / testSize;
}
