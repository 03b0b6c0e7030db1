// Anyone's dispute (docs/protocol.md, "Disputes"): during Challenging, of the verification's proposal; during
// Predicting, of the sealed test inputs. The form says the cost before the wallet opens (the arbitrator's fee in
// ether, the deposit in ModelCoin), publishes the optional evidence through the server as the other uploads go
// (an ERC-1497 evidence document naming the file), then the wallet approves the deposit and sends the dispute.
import { filePath, uploadPublic } from "../../api";
import { ether, mdc, wei } from "../../format";
import { html } from "../../html";
import { cidOf } from "../../ipfs/unixfs";
import { onSubmit, type ActionContext } from "./forms";

/** The dispute the bounty's phase opens, or null: Verification during Challenging, TestInputs during Predicting (once each). */
export function openDispute({ bounty: b, chain, disputes }: ActionContext, me: string): "Verification" | "TestInputs" | null {
  const raised = (kind: string) => disputes.some((d) => d.kind === kind);
  if (chain?.phase === "Challenging" && !raised("Verification")) return "Verification";
  if (chain?.phase === "Predicting" && !raised("TestInputs") && me !== b.requester.toLowerCase()) return "TestInputs";
  return null;
}

export function disputeForm(context: ActionContext, kind: "Verification" | "TestInputs") {
  const { bounty: b, wallet } = context;
  const cost = ether(wei(wallet!.config.arbitrationCost));
  const what = kind === "Verification"
    ? html`<p>Think the proposal is wrong (a model that does not reproduce its predictions, or a better one rejected)? Anyone may dispute it
        once before this window ends: the arbitrator then names the winner, or nobody.</p>`
    : html`<p>Do the sealed test inputs not open under the released key into ${b.testSize} rows of the metadata's columns? Anyone may dispute
        them once while predictions are open: Predicting's clock stops until the arbitrator rules.</p>`;
  return html`<form id="dispute" class="stack" aria-labelledby="dispute-legend">
    <h3 id="dispute-legend">${kind === "Verification" ? "Dispute this decision" : "Dispute the test inputs"}</h3>
    ${what}
    <p id="dispute-cost">It costs <strong>${cost}</strong> (the arbitrator's fee, sent with the transaction) and a deposit of
      <strong>${mdc(b.trainerStake)}</strong>. If the arbitrator agrees with you, both come back, with the verifier bond; if not, the deposit
      goes to ${kind === "Verification" ? "the proposed winner" : "the requester"}.</p>
    <label>Why (optional: published as evidence with the file) <textarea name="reason" rows="3" maxlength="4000"></textarea></label>
    <label>Evidence file (optional, at most 1 MiB: a re-run report, a log) <input type="file" name="evidence"></label>
    <button type="submit">${kind === "Verification" ? "Dispute this decision" : "Dispute the test inputs"}</button></form>`;
}

/** Wires the dispute form, if rendered. */
export function bindDispute(context: ActionContext, kind: "Verification" | "TestInputs"): void {
  const { bounty: b, wallet, refresh } = context;
  const w = wallet!;
  onSubmit("#dispute", "Disputing…", async (form, _button, report) => {
    const cost = await w.arbitrationCost(); // the chain's price now: the transaction must send exactly this
    const deposit = wei(b.trainerStake);
    report(`Disputing costs ${ether(cost)} and a deposit of ${mdc(deposit)}. Your wallet asks you to approve the deposit, then to confirm `
      + `the dispute, which sends ${ether(cost)}.`);
    const evidence = await publishEvidence(form, b.id, kind);
    await w.approveMarket(deposit);
    await w.transact(kind === "Verification" ? "disputeVerification" : "disputeTestInputs", [b.id, evidence], cost);
    report(`Disputed: the arbitrator rules next${evidence ? `; your evidence is ${evidence}` : ""}.`, "success");
  }, refresh);
}

/**
 * Publishes the evidence (an ERC-1497 evidence document: name, description and the file's URI) through the server,
 * each under the CID computed here, and returns its URI, `/ipfs/<cid>`; "" when there is none.
 */
async function publishEvidence(form: HTMLFormElement, bountyId: string, kind: string): Promise<string> {
  const reason = String(new FormData(form).get("reason") ?? "").trim();
  const file = form.querySelector<HTMLInputElement>("input[name=evidence]")!.files?.[0] ?? null;
  if (!reason && !file) return "";
  const document: { name: string; description: string; fileURI?: string } = {
    name: `${kind === "Verification" ? "Dispute of the verification" : "Dispute of the test inputs"} of bounty ${bountyId}`,
    description: reason,
  };
  if (file) document.fileURI = await publish(file);
  return publish(new Blob([JSON.stringify(document)], { type: "application/json" }));
}

async function publish(body: Blob): Promise<string> {
  const cid = await cidOf(body);
  const stored = await uploadPublic(filePath("evidence"), cid, body, () => undefined);
  if (stored.cid !== cid) throw new Error(`The server stored the evidence as ${stored.cid}, not ${cid}: nothing was disputed.`);
  return `/ipfs/${cid}`;
}
