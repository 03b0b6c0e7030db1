// What the connected account can do on a bounty now, as forms: the requester's steps (requester.ts), the trainer's
// (trainer.ts), anyone's after the end (end.ts), anyone's dispute (dispute.ts), and withdrawing credits. The wallet signs every transaction, built
// here from the market's ABI: the server prepares nothing and learns nothing before the chain does.
import { countdown, ether, mdc, when } from "../../format";
import { html, render, type Interpolation } from "../../html";
import { FINAL } from "../../protocol/phases";
import { bindDispute, disputeForm, openDispute } from "./dispute";
import { bindEndActions, endActions } from "./end";
import { onSubmit, type ActionContext } from "./forms";
import { bindRequesterActions, requesterStep } from "./requester";
import { bindTrainerActions, trainerStep } from "./trainer";

export type { ActionContext, ChainState } from "./forms";

/** Renders the forms of what the connected account can do in this phase. */
export function renderActions(context: ActionContext): void {
  const actions = document.querySelector<HTMLElement>("#actions")!;
  const { bounty: b, chain, wallet, refresh } = context;
  if (!wallet?.connected || !chain) {
    render(actions, html`<p>Connect a wallet on chain ${wallet?.config.chainId ?? ""} to take part.</p>`);
    return;
  }
  const me = wallet.address!.toLowerCase();
  const role = me === b.requester.toLowerCase() ? "requester" : me === b.verifier.toLowerCase() ? "verifier" : "trainer";
  const until = chain.deadline > 0 ? ` Until ${when(chain.deadline)} (${countdown(chain.deadline, chain.now)}).` : "";
  const parts: Interpolation[] = [];
  let bind = (_context: ActionContext) => {};
  if (FINAL.includes(chain.phase)) {
    parts.push(endActions(context, me));
    bind = bindEndActions;
  } else if (role === "verifier") {
    parts.push(html`<p>You are this bounty's verifier: the server's verifier service re-runs the revealed models and attests.</p>`);
  } else if (role === "requester") {
    parts.push(requesterStep(context, until));
    bind = bindRequesterActions;
  } else {
    parts.push(trainerStep(context, chain.submission.status, until));
    bind = bindTrainerActions;
  }
  const dispute = openDispute(context, me);
  if (dispute) parts.push(disputeForm(context, dispute));
  if (chain.credits > 0n) {
    parts.push(html`<form id="withdraw" class="stack"><p>You have ${mdc(chain.credits)} in credits at the market.</p>
      <button type="submit">Withdraw ${mdc(chain.credits)}</button></form>`);
  }
  if (chain.feeCredits > 0n) {
    parts.push(html`<form id="withdraw-fees" class="stack"><p>You have ${ether(chain.feeCredits)} in fee credits at the market (a fee bond
      back, or an arbitration fee refunded).</p><button type="submit">Withdraw ${ether(chain.feeCredits)}</button></form>`);
  }
  render(actions, html`${parts}`);
  bind(context);
  if (dispute) bindDispute(context, dispute);
  onSubmit("#withdraw", "Withdrawing…", async (_form, _button, report) => {
    await wallet.transact("withdraw", []);
    report("Withdrawn: the ModelCoin is in your wallet.", "success");
  }, refresh);
  onSubmit("#withdraw-fees", "Withdrawing…", async (_form, _button, report) => {
    await wallet.transact("withdrawFees", []);
    report("Withdrawn: the ether is in your wallet.", "success");
  }, refresh);
}
