// BountyMarketV2.Phase, in declaration order: events carry a phase as its ordinal.
export const PHASES = ["None", "Open", "KeyRelease", "Predicting", "AwaitingGroundTruth", "Claiming", "Revealing", "Verifying",
  "Completed", "NoWinner", "Cancelled", "RequesterSlashed", "Refunded"];

/** The phases a bounty can end in. */
export const FINAL = PHASES.slice(PHASES.indexOf("Completed"));

/** The phases of a bounty that runs to completion, in order. */
export const LIFE = PHASES.slice(PHASES.indexOf("Open"), PHASES.indexOf("Completed") + 1);

/** BountyMarketV2.SubmissionStatus, in declaration order. */
export const SUBMISSION_STATUSES = ["None", "Committed", "Predicted", "Claimed", "Revealed", "Slashed", "Won", "Settled"];

export function phaseName(ordinal: string | number | bigint): string {
  return PHASES[Number(ordinal)] ?? String(ordinal);
}
