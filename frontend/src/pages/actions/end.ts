// Anyone's steps once a bounty has ended: record the end when the contract has not yet (which pays out), and settle
// the submissions still open.
import { short } from "../../format";
import { html, type Interpolation } from "../../html";
import { onSubmit, type ActionContext } from "./forms";

export function endActions({ bounty: b, chain, standings }: ActionContext, me: string) {
  const parts: Interpolation[] = [html`<p>The bounty ended: ${chain!.phase}.</p>`];
  if (chain!.storedPhase !== chain!.phase) {
    parts.push(html`<form id="advance" class="stack"><p>Its end is not recorded on chain yet; anyone may record it, which pays out.</p>
      <button type="submit">Record the end (${chain!.phase})</button></form>`);
    return parts;
  }
  // The winner and slashed submissions were settled by the contract itself.
  const open = standings.filter((s) => !s.settled && !s.winner && s.slashed === null);
  if (open.length > 0) {
    parts.push(html`<form id="settle" class="stack"><p>Submissions not settled yet (anyone may settle them; stakes go back or are burned
      as the rules say):</p>
      <ul>${open.map((s) => html`<li><label class="choice"><input type="radio" name="trainer" value="${s.trainer}" required>
        The submission of <code title="${s.trainer}">${short(s.trainer)}</code>${s.trainer.toLowerCase() === me ? " (yours)" : ""}</label></li>`)}</ul>
      <button type="submit">Settle</button></form>`);
  }
  if (b.winner && b.winner.toLowerCase() === me) parts.push(html`<p><strong>You won.</strong> The reward and your stake are in your credits.</p>`);
  return parts;
}

/** Wires the end's forms that were rendered to their steps. */
export function bindEndActions({ bounty: b, wallet, refresh }: ActionContext): void {
  const w = wallet!;
  onSubmit("#advance", "Recording…", async (_form, _button, report) => {
    await w.transact("advance", [b.id]);
    report("The end is recorded.", "success");
  }, refresh);
  onSubmit("#settle", "Settling…", async (form, _button, report) => {
    const trainer = String(new FormData(form).get("trainer") ?? "");
    if (!trainer) throw new Error("Choose the submission to settle.");
    await w.transact("settleSubmission", [b.id, trainer]);
    report(`Settled the submission of ${short(trainer)}.`, "success");
  }, refresh);
}
