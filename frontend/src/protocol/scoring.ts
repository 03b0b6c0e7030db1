// How the contract scores a submission (Scoring.sol, metric Accuracy): the items where the predictions equal the labels.

/** The number of positions where `a` and `b` hold the same class. */
export function countMatches(a: Uint8Array, b: Uint8Array): number {
  let matches = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) matches++;
  return matches;
}

