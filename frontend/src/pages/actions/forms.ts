// What every role's actions share: the bounty and the connected account as the forms see them, and the wiring of a
// form to its step (the picked files, the result said beside the forms).
import type { Bounty, Dispute, Standing } from "../../api";
import { short } from "../../format";
import { html } from "../../html";
import { SUBMISSION_STATUSES } from "../../protocol/phases";
import { act, type ResultKind } from "../../ui";
import type { Wallet } from "../../wallet";

/** The bounty as the contract sees it now, for the connected account (pages/bounty.ts reads it). */
export interface ChainState {
  phase: string;
  storedPhase: string;
  deadline: number;
  now: number;
  keyReleased: boolean;
  submission: { status: number; claimed: number };
  credits: bigint;
  /** Wei the market holds for the account (a fee bond back, an arbitration fee refunded): withdrawFees(). */
  feeCredits: bigint;
}

export interface ActionContext {
  bounty: Bounty;
  /** The metadata document from IPFS (untrusted: bountyTerms checks it), if it could be read. */
  metadata: unknown;
  chain: ChainState | null;
  standings: Standing[];
  /** The bounty's disputes as the server indexed them. */
  disputes: Dispute[];
  wallet: Wallet | null;
  /** Whether the server holds the connected trainer's revealed model (the verifier needs it). */
  modelPublished: boolean;
  refresh: () => Promise<void>;
}

/** The index of a submission status by name, as the contract numbers them. */
export const status = (name: string) => SUBMISSION_STATUSES.indexOf(name);

export function kitForm(id: string, explanation: string, label: string, button: string) {
  return html`<form id="${id}" class="stack"><p>${explanation}</p>
    <label>${label} <input type="file" name="kit" accept=".json,application/json" required></label>
    <button type="submit">${button}</button></form>`;
}

export function checkBounty(kitBounty: string, bountyId: string, what: string): void {
  if (kitBounty.toLowerCase() !== bountyId.toLowerCase()) throw new Error(`This ${what} is for bounty ${short(kitBounty)}, not this one (${short(bountyId)}).`);
}

export function fileOf(form: HTMLFormElement, name: string): File {
  const input = form.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
  const file = input.files?.[0];
  if (!file) throw new Error(`Choose a file for "${input.labels?.[0]?.textContent?.trim() ?? name}".`);
  return file;
}

export async function fileText(form: HTMLFormElement, name: string): Promise<string> {
  return fileOf(form, name).text();
}

type Report = (message: string, kind?: ResultKind) => void;

/** Runs `action` when the form `selector` is submitted; what it reports is said beside the forms, in #action-result. */
export function onSubmit(selector: string, working: string,
    action: (form: HTMLFormElement, button: HTMLButtonElement, report: Report) => Promise<void>, refresh: () => Promise<void>): void {
  const form = document.querySelector<HTMLFormElement>(`#actions ${selector}`);
  form?.addEventListener("submit", (event) => {
    event.preventDefault();
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    act(button, working, document.querySelector<HTMLElement>("#action-result")!, async (report) => {
      await action(form, button, report);
      await refresh();
    });
  });
}
