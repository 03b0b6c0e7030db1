// Scores in words, for the bounty page and the trainer's steps. Accuracy: "1,834 of 2,000 right". MeanAbsoluteError: the
// score and the clipped mean error it stands for, in the target's unit (docs/protocol.md, "Scoring"):
// "score 41,250 of 50,000: mean error 0.35".
import type { Bounty } from "../api";
import { MAX_DECIMALS, toDecimal } from "../protocol/fixedPoint";
import { meanErrorUnits } from "../protocol/scoring";

/** The bounty's fields a score needs. */
type Scored = Pick<Bounty, "metric" | "testSize" | "maxError" | "maxScore">;

export const isRegressionBounty = (b: Pick<Bounty, "metric">) => b.metric === "MeanAbsoluteError";

/** A regression bounty's target decimals from its metadata document (untrusted JSON), or null when it names none. */
export function targetDecimalsOf(metadata: unknown): number | null {
  const decimals = (metadata as { targetDecimals?: unknown } | null | undefined)?.targetDecimals;
  return typeof decimals === "number" && Number.isInteger(decimals) && decimals >= 0 && decimals <= MAX_DECIMALS ? decimals : null;
}

/** A count with thousands separators: "41,250". */
const grouped = (n: number) => n.toLocaleString("en-US");

/** `units` of the last decimal in the target's unit ("0.35"; "350 units" when the decimals are not known). */
export function inTargetUnit(units: number, decimals: number | null): string {
  if (decimals === null) return `${grouped(Math.round(units * 100) / 100)} units`;
  if (Number.isInteger(units)) return trimZeros(toDecimal(units, decimals));
  return trimZeros((units / 10 ** decimals).toFixed(Math.min(decimals + 2, 20)));
}

function trimZeros(decimal: string): string {
  return decimal.includes(".") ? decimal.replace(/0+$/, "").replace(/\.$/, "") : decimal;
}

/** The clipped mean error a score stands for, in the target's unit. */
export function meanError(b: Scored, score: number, decimals: number | null): string {
  return inTargetUnit(meanErrorUnits(score, b.testSize, b.maxError), decimals);
}

/** A score in words: "1,834 of 2,000 right", or "score 41,250 of 50,000: mean error 0.35". */
export function scoreInWords(b: Scored, score: number, decimals: number | null): string {
  return isRegressionBounty(b) ? `score ${grouped(score)} of ${grouped(b.maxScore)}: mean error ${meanError(b, score, decimals)}`
    : `${grouped(score)} of ${grouped(b.testSize)} right`;
}

/** What a winner needs, in words: "score 25,000 of 50,000 or more: mean error 0.2 or less". */
export function leastWinning(b: Scored & Pick<Bounty, "minScore">, decimals: number | null): string {
  return `score ${grouped(b.minScore)} of ${grouped(b.maxScore)} or more: mean error ${meanError(b, b.minScore, decimals)} or less`;
}

/** A score for a table cell: the number, and for regression its mean error ("41,250 (mean error 0.35)"). */
export function scoreCell(b: Scored, score: number, decimals: number | null): string {
  return isRegressionBounty(b) ? `${grouped(score)} (mean error ${meanError(b, score, decimals)})` : String(score);
}
