// The requester's steps on a bounty: cancel while nobody has committed, release the sealing key, reveal the test
// labels. The key and the labels come from the reveal kit the user picks.
import { duration, when } from "../../format";
import { html } from "../../html";
import { readRevealKit, revealKitFileName } from "../../kits/revealKit";
import { checkBounty, fileText, kitForm, onSubmit, type ActionContext } from "./forms";

export function requesterStep({ bounty: b, chain }: ActionContext, until: string) {
  const kit = revealKitFileName(b.id);
  const kitLabel = `Reveal kit (the file you saved when posting: ${kit})`;
  const window = duration(b.responseWindow);
  switch (chain!.phase) {
    case "Open":
      return html`<div id="next-steps"><p>Your bounty is open for models until ${when(b.modelDeadline)}. What comes next:</p>
        <ol>
          <li>Keep your reveal kit, <code>${kit}</code>: both steps below need it, and without it the reward is burned.</li>
          <li>When the models close, at ${when(b.modelDeadline)}, come back here and release the sealing key, by
            ${when(b.modelDeadline + b.responseWindow)} (${window} later): the trainers then run their models.</li>
          <li>When they have had ${window} to predict, reveal the test labels here, within another ${window}: the trainers then
            claim their scores, and the best is verified and paid.</li>
        </ol></div>
        ${b.liveSubmissions === 0 && html`<details class="secondary"><summary>Cancel the bounty</summary>
          <form id="cancel" class="stack"><p>Nobody has committed yet, so you may still cancel and take the reward back.</p>
          <button type="submit">Cancel the bounty</button></form></details>`}`;
    case "KeyRelease":
      return kitForm("release-key", `Release the sealing key so the trainers can run their committed models.${until} Miss it and the reward is burned.`,
        kitLabel, "Release the key");
    case "Predicting":
      return html`<p>The trainers are running their models.${until} Then reveal the test labels here with your reveal kit,
        <code>${kit}</code>, within ${window}.</p>`;
    case "AwaitingGroundTruth":
      return kitForm("reveal-labels", `Reveal the test labels so the trainers can claim.${until} Miss it and the reward is burned.`,
        kitLabel, "Reveal the test labels");
    default:
      return html`<p>Nothing more to do for you: the trainers claim and reveal, and the verifier re-runs the best models.${until}</p>`;
  }
}

/** Wires the requester's forms that were rendered to their steps. */
export function bindRequesterActions({ bounty: b, wallet, refresh }: ActionContext): void {
  const w = wallet!;
  const { chainId, bountyMarket } = w.config;
  onSubmit("#cancel", "Cancelling…", async (_form, _button, report) => {
    await w.transact("cancelBounty", [b.id]);
    report("Cancelled: the reward is in your credits.", "success");
  }, refresh);
  onSubmit("#release-key", "Releasing…", async (form, _button, report) => {
    const kit = readRevealKit(await fileText(form, "kit"), chainId, bountyMarket);
    checkBounty(kit.bountyId, b.id, "reveal kit");
    await w.transact("releaseKey", [b.id, kit.sealingKey]);
    report(`The key is released: the trainers run their models now. Next: in ${duration(b.responseWindow)}, reveal the test labels here `
      + `with the same kit, ${revealKitFileName(b.id)}.`, "success");
  }, refresh);
  onSubmit("#reveal-labels", "Revealing…", async (form, _button, report) => {
    const kit = readRevealKit(await fileText(form, "kit"), chainId, bountyMarket);
    checkBounty(kit.bountyId, b.id, "reveal kit");
    await w.transact("revealGroundTruth", [b.id, kit.labels, kit.salt]);
    report("The labels are revealed; trainers can claim now.", "success");
  }, refresh);
}
