// BountyMarket.Phase, in declaration order: events carry a phase as its ordinal.
export const PHASES = ["None", "Open", "AwaitingGroundTruth", "Claiming", "CandidateReveal", "Verifying",
  "Completed", "Cancelled", "RequesterSlashed", "Refunded"];

/** The phases a bounty can end in. */
export const FINAL = PHASES.slice(PHASES.indexOf("Completed"));

/** The phases of a bounty that runs to completion, in order. */
export const LIFE = PHASES.slice(PHASES.indexOf("Open"), PHASES.indexOf("Completed") + 1);

export function phaseName(ordinal: string | number): string {
  return PHASES[Number(ordinal)] ?? String(ordinal);
}
