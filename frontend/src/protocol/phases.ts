// The market's phases and submission states by ordinal (events carry them as ordinals), generated from the
// compiled contract.
import * as generated from "./constants";

export const PHASES: readonly string[] = generated.PHASES;
export const SUBMISSION_STATUSES: readonly string[] = generated.SUBMISSION_STATUSES;

/** The phases a bounty can end in. */
export const FINAL: readonly string[] = PHASES.slice(PHASES.indexOf("Completed"));

/** The phases of a bounty that runs to completion, in order. */
export const LIFE: readonly string[] = PHASES.slice(PHASES.indexOf("Open"), PHASES.indexOf("Completed") + 1);

export function phaseName(ordinal: string | number | bigint): string {
  return PHASES[Number(ordinal)] ?? String(ordinal);
}
