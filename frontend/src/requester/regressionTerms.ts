// A regression bounty's terms as the requester states them in the target's unit, turned into the contract's units
// (docs/protocol.md, "Encodings"): the target's decimals d, the largest error counted (maxError, a whole number of
// units of 10^-d), and the least winning score as a share of the best, maxError × test rows, which a uint32 holds.
import { MAX_REGRESSION_TEST_SIZE } from "../protocol/constants";
import { MAX_DECIMALS, exactFixedPoint, toDecimal } from "../protocol/fixedPoint";
import { meanErrorUnits } from "../protocol/scoring";

export interface RegressionTerms {
  decimals: number;
  /** The largest error counted, in units of the last decimal (the contract's maxError). */
  maxError: number;
  /** The largest error counted as the requester wrote it. */
  maxErrorText: string;
}

/** The largest score the contract holds (uint32): the best regression score, maxError × test rows, must fit. */
export const MAX_SCORE = 2 ** 32 - 1;

/** The terms of `decimals` and a largest error `maxErrorText` in the target's unit; refused with a sentence. */
export function regressionTerms(decimals: number, maxErrorText: string): RegressionTerms {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
    throw new Error(`The target's decimals must be a whole number from 0 to ${MAX_DECIMALS}.`);
  }
  const text = maxErrorText.trim();
  let maxError: number | null;
  try {
    maxError = exactFixedPoint(text, decimals);
  } catch (error) {
    throw new Error(`The largest error counted must be a number in the target's unit, such as 0.5; '${text}': ${(error as Error).message}.`);
  }
  if (maxError === null) {
    throw new Error(`The largest error counted, ${text}, is finer than the target's unit (${toDecimal(1, decimals)} at ${decimals} decimals): `
      + `give it with at most ${decimals} decimals, or give the target more decimals.`);
  }
  if (maxError <= 0) throw new Error("The largest error counted must be above 0: a model scores by how far within it each prediction lands.");
  return { decimals, maxError, maxErrorText: text };
}

/** The best score, every prediction exact: maxError × test rows; refused where the contract would refuse the bounty. */
export function bestScore(terms: RegressionTerms, testSize: number): number {
  if (testSize > MAX_REGRESSION_TEST_SIZE) {
    throw new Error(`The split gave ${testSize} test rows; a regression bounty has at most ${MAX_REGRESSION_TEST_SIZE}: lower the test fraction.`);
  }
  const best = terms.maxError * testSize;
  if (best > MAX_SCORE) {
    throw new Error(`The largest error counted, ${terms.maxErrorText} (${terms.maxError} units), times the ${testSize} test rows is ${best},`
      + ` more than a score can hold (${MAX_SCORE}): count a smaller largest error, give the target fewer decimals or use fewer test rows.`);
  }
  return best;
}

/** The least winning score: `percent` of the best, rounded up, at least 1. */
export function regressionMinScore(terms: RegressionTerms, testSize: number, percent: number): number {
  const best = bestScore(terms, testSize);
  if (!(percent > 0 && percent <= 100)) throw new Error("The least share of the best score that wins must be above 0% and at most 100%.");
  return Math.min(best, Math.max(1, Math.ceil((percent * best) / 100 - 1e-9)));
}

/** The task's scoring in words. */
export function scoringInWords(terms: RegressionTerms, labelColumn: string, testSize: number): string {
  return `regression of "${labelColumn}" at ${terms.decimals} decimals (a unit is ${toDecimal(1, terms.decimals)}), scored by absolute error:`
    + ` a test row scores ${terms.maxError} units (the largest error counted, ${toDecimal(terms.maxError, terms.decimals)}) less its error in`
    + ` units, an error beyond it counting as it; every prediction exact scores ${terms.maxError * testSize}`;
}

/** A least winning score, and the mean absolute error it means when no error goes beyond the largest counted. */
export function minScoreInWords(terms: RegressionTerms, minScore: number, testSize: number): string {
  const best = terms.maxError * testSize;
  const meanError = meanErrorUnits(minScore, testSize, terms.maxError) / 10 ** terms.decimals;
  const shown = Number(meanError.toFixed(Math.min(terms.decimals + 2, 12)));
  return `a score of ${minScore} of the best ${best} (${((100 * minScore) / best).toFixed(1)}%): a mean absolute error of at most ${shown}`
    + ` in the target's unit, each row's error counted up to ${toDecimal(terms.maxError, terms.decimals)}`;
}
