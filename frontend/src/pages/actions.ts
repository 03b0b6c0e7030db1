// What the connected account can do on a bounty now, as forms. Every secret step runs in this browser: the trainer's
// model is hashed and committed but not uploaded; after the key release the test inputs are unsealed and the model
// run here (frontend/src/trainer/); the score is counted here from the revealed labels; the model is uploaded only at
// its reveal. The requester's key and labels come from the reveal kit the user picks. The wallet signs every
// transaction, built here from the market's ABI: the server prepares nothing and learns nothing before the chain does.
import { getBytes } from "ethers";
import { ApiError, modelPath, uploadPublic, type Bounty, type Standing } from "../api";
import { ipfsPath } from "../cid";
import { countdown, duration, mdc, short, wei, when } from "../format";
import { html, render, type Interpolation } from "../html";
import { FINAL, SUBMISSION_STATUSES } from "../phases";
import { countMatches } from "../protocol/scoring";
import { unsealTestInputs } from "../secrets/seal";
import { cidOf } from "../secrets/unixfs";
import { checkCommittedModel, keepKitThen, kitFileName, modelKit, readTrainerKit, trainerKitFileName, withPredictions, type TrainerKit }
  from "../trainer/kit";
import { loadModel } from "../trainer/model";
import { predict } from "../trainer/predict";
import { bountyTerms } from "../trainer/terms";
import { act, main, progressSteps, type ResultKind } from "../ui";
import type { Wallet } from "../wallet";
import { readRevealKit, revealKitFileName } from "./revealKit";

/** The bounty as the contract sees it now, for the connected account (pages/bounty.ts reads it). */
export interface ChainState {
  phase: string;
  storedPhase: string;
  deadline: number;
  now: number;
  keyReleased: boolean;
  submission: { status: number; claimed: number };
  credits: bigint;
}

export interface ActionContext {
  bounty: Bounty;
  /** The metadata document from IPFS (untrusted: bountyTerms checks it), if it could be read. */
  metadata: unknown;
  chain: ChainState | null;
  standings: Standing[];
  wallet: Wallet | null;
  /** Whether the server holds the connected trainer's revealed model (the verifier needs it). */
  modelPublished: boolean;
  refresh: () => Promise<void>;
}

const status = (name: string) => SUBMISSION_STATUSES.indexOf(name);

/** Renders the forms of what the connected account can do in this phase. */
export function renderActions(context: ActionContext): void {
  const actions = document.querySelector<HTMLElement>("#actions")!;
  const { bounty: b, chain, wallet } = context;
  if (!wallet?.connected || !chain) {
    render(actions, html`<p>Connect a wallet on chain ${wallet?.config.chainId ?? ""} to take part.</p>`);
    return;
  }
  const me = wallet.address!.toLowerCase();
  const role = me === b.requester.toLowerCase() ? "requester" : me === b.verifier.toLowerCase() ? "verifier" : "trainer";
  const mine = chain.submission.status;
  const until = chain.deadline > 0 ? ` Until ${when(chain.deadline)} (${countdown(chain.deadline, chain.now)}).` : "";
  const parts: Interpolation[] = [];
  if (FINAL.includes(chain.phase)) {
    parts.push(endActions(context, me));
  } else if (role === "verifier") {
    parts.push(html`<p>You are this bounty's verifier: the server's verifier service re-runs the revealed models and attests.</p>`);
  } else if (role === "requester") {
    parts.push(requesterStep(context, until));
  } else {
    parts.push(trainerStep(context, mine, until));
  }
  if (chain.credits > 0n) {
    parts.push(html`<form id="withdraw" class="stack"><p>You have ${mdc(chain.credits)} in credits at the market.</p>
      <button type="submit">Withdraw ${mdc(chain.credits)}</button></form>`);
  }
  render(actions, html`${parts}`);
  bind(context);
}

function requesterStep({ bounty: b, chain }: ActionContext, until: string) {
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

function trainerStep({ bounty: b, chain, modelPublished }: ActionContext, mine: number, until: string) {
  const phase = chain!.phase;
  const modelKit = trainerKitFileName(b.id, "model");
  const predictionsKit = trainerKitFileName(b.id, "predictions");
  if (phase === "Open") {
    const replacing = mine === status("Committed");
    return html`<form id="commit-model" class="stack">
      <p>${replacing ? html`You committed a model. Keep your trainer kit <code>${modelKit}</code> and the model file: when the models
        close and the requester releases the key, you run the model here with both. You may replace the model until then (no new stake).`
        : html`Commit to your ONNX model. It stays on your machine: only its CID's commitment goes on chain, and the model is
        uploaded only when you reveal. Committing stakes ${mdc(b.trainerStake)}.`}${until}</p>
      <label>Model (ONNX) <input type="file" name="model" accept=".onnx" required></label>
      <button type="submit">${replacing ? "Replace my model" : "Check, commit and stake"}</button></form>`;
  }
  if (phase === "Predicting" && mine === status("Committed")) {
    return html`<form id="predict" class="stack">
      <p>The key is released. This page unseals the test inputs and runs your committed model on them, here; only the
        commitment to the predictions goes on chain.${until}</p>
      <label>Trainer kit from your model commit (${modelKit}) <input type="file" name="kit" accept=".json,application/json" required></label>
      <label>Model (ONNX, the one you committed) <input type="file" name="model" accept=".onnx" required></label>
      <div id="predict-progress" hidden></div>
      <button type="submit">Predict and commit</button></form>`;
  }
  if (phase === "Claiming" && mine === status("Predicted")) {
    return kitForm("claim", `Claim your score: this page counts your correct predictions against the revealed labels.${until}`,
      `Trainer kit from your predictions (${predictionsKit})`, "Claim my score");
  }
  if (phase === "Revealing" && mine === status("Claimed") && chain!.submission.claimed >= b.minScore) {
    return html`<form id="reveal" class="stack">
      <p>You claimed ${chain!.submission.claimed}, at least the ${b.minScore} that can win: reveal your predictions and model now (the best
        claim must; the model is uploaded now, for the verifier).${until}</p>
      <label>Trainer kit from your predictions (${predictionsKit}) <input type="file" name="kit" accept=".json,application/json" required></label>
      <label>Model (ONNX, the one you committed) <input type="file" name="model" accept=".onnx" required></label>
      <div id="reveal-progress" hidden></div>
      <button type="submit">Reveal my predictions and model</button></form>`;
  }
  if (phase === "Revealing" && mine === status("Revealed") && !modelPublished) {
    return html`<form id="publish-model" class="stack">
      <p>You revealed, but the server does not have your model yet: the verifier needs it to reproduce your predictions, and
        rejects a model it cannot get once Revealing ends.${until}</p>
      <label>Model (ONNX, the one you committed) <input type="file" name="model" accept=".onnx" required></label>
      <button type="submit">Upload my model</button></form>`;
  }
  return html`<p>Nothing to do for you in ${phase}${mine > 0 ? ` (your submission: ${SUBMISSION_STATUSES[mine]})` : ""}.${until}</p>`;
}

/** After the end: record it (advance) when the contract has not yet, and settle the submissions still open. */
function endActions({ bounty: b, chain, standings }: ActionContext, me: string) {
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

function kitForm(id: string, explanation: string, label: string, button: string) {
  return html`<form id="${id}" class="stack"><p>${explanation}</p>
    <label>${label} <input type="file" name="kit" accept=".json,application/json" required></label>
    <button type="submit">${button}</button></form>`;
}

/** Wires each form that was rendered to its step. */
function bind(context: ActionContext): void {
  const { bounty: b, wallet, refresh } = context;
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
  onSubmit("#commit-model", "Checking the model…", async (form, button, report) => {
    const model = await loadModel(fileOf(form, "model"), bountyTerms(context.metadata, b));
    const replacing = context.chain!.submission.status === status("Committed");
    const kit = modelKit({ chainId, market: bountyMarket, bountyId: b.id, trainer: w.address!, modelCid: await cidOf(model.bytes) });
    report(`Your trainer kit ${kitFileName(kit)} is downloading: keep it, with your model file; the next step needs both. Now confirm in your wallet.`);
    button.textContent = "Waiting for your wallet…";
    await keepKitThen(kit, () => w.transactWithPermit("commitModel", [b.id, kit.modelCommitment], replacing ? 0n : wei(b.trainerStake)));
    report(`${replacing ? "Model replaced." : "Committed. Your stake is escrowed until the bounty ends."} Keep ${kitFileName(kit)} and the model file; `
      + `after the models close, at ${when(b.modelDeadline)}, and the requester releases the key, run the model here.`, "success");
  }, refresh);
  onSubmit("#predict", "Predicting…", async (form, _button, report) => {
    const kit = await trainerKit(form, context, "model");
    const model = await loadModel(fileOf(form, "model"), bountyTerms(context.metadata, b));
    await checkCommittedModel(model.bytes, kit);
    const progress = progressSteps(main().querySelector<HTMLElement>("#predict-progress")!,
      { fetching: "Fetching the sealed test inputs", unsealing: "Unsealing", predicting: "Running the model" });
    const key = await releasedKey(w, b.id);
    const sealed = await fetchPublic(b.sealedTestInputsCid, "sealed test inputs");
    progress.fetching(1);
    const inputs = await unsealTestInputs(b.id, getBytes(key), sealed);
    progress.unsealing(1);
    const predictions = await predict(model, inputs, { onProgress: (done, total) => progress.predicting(done / total) });
    const completed = withPredictions(kit, predictions);
    report(`Your trainer kit with the predictions, ${kitFileName(completed)}, is downloading: the claim and the reveal need this one. `
      + "Now confirm in your wallet.");
    await keepKitThen(completed, () => w.transact("commitPredictions", [b.id, completed.predictionsCommitment]));
    report(`Predictions committed. Next: once the requester reveals the labels, claim your score here with ${kitFileName(completed)}.`, "success");
  }, refresh);
  onSubmit("#claim", "Claiming…", async (form, _button, report) => {
    const kit = await trainerKit(form, context, "predictions");
    const score = countMatches(getBytes(await revealedLabels(w, b.id)), getBytes(kit.predictions!));
    await w.transact("claimScore", [b.id, score]);
    report(`Claimed ${score} of ${b.testSize}.`, "success");
  }, refresh);
  onSubmit("#reveal", "Revealing…", async (form, _button, report) => {
    const kit = await trainerKit(form, context, "predictions");
    const model = new Uint8Array(await fileOf(form, "model").arrayBuffer());
    await checkCommittedModel(model, kit);
    const labels = await revealedLabels(w, b.id);
    const hint = await w.market().rankHint(b.id, w.address, context.chain!.submission.claimed);
    await w.transact("revealSubmission", [b.id, kit.predictions, kit.predictionsSalt, kit.modelCid, kit.modelSalt, labels, hint]);
    const progress = progressSteps(main().querySelector<HTMLElement>("#reveal-progress")!, { uploading: "Uploading the model, public now" });
    await publishModel(b.id, model, kit.modelCid, progress.uploading);
    report("Revealed, and your model is published. The verifier re-runs it next.", "success");
  }, refresh);
  onSubmit("#publish-model", "Uploading…", async (form, _button, report) => {
    const model = new Uint8Array(await fileOf(form, "model").arrayBuffer());
    await publishModel(b.id, model, await cidOf(model), () => undefined);
    report("Your model is published. The verifier re-runs it next.", "success");
  }, refresh);
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
  onSubmit("#withdraw", "Withdrawing…", async (_form, _button, report) => {
    await w.transact("withdraw", []);
    report("Withdrawn: the ModelCoin is in your wallet.", "success");
  }, refresh);
}

/**
 * The picked trainer kit, refused unless it is the connected trainer's for this bounty and from the step this one
 * needs: the model commit's, or the predictions' (the claim and the reveal open the predictions it holds).
 */
async function trainerKit(form: HTMLFormElement, { bounty: b, wallet }: ActionContext, step: "model" | "predictions"): Promise<TrainerKit> {
  const kit = readTrainerKit(await fileText(form, "kit"), wallet!.config.chainId, wallet!.config.bountyMarket);
  checkBounty(kit.bountyId, b.id, "trainer kit");
  if (kit.trainer !== wallet!.address!.toLowerCase()) throw new Error(`This trainer kit is ${short(kit.trainer)}'s; your wallet is ${short(wallet!.address)}.`);
  if (step === "predictions" && kit.predictions === null) {
    throw new Error(`This is the trainer kit from your model commit (${kitFileName(kit)}); this step needs the one saved when you committed `
      + `your predictions, ${trainerKitFileName(b.id, "predictions")}.`);
  }
  return kit;
}

function checkBounty(kitBounty: string, bountyId: string, what: string): void {
  if (kitBounty.toLowerCase() !== bountyId.toLowerCase()) throw new Error(`This ${what} is for bounty ${short(kitBounty)}, not this one (${short(bountyId)}).`);
}

/** The key of the KeyReleased event, read from the chain through the wallet (public since the release). */
async function releasedKey(wallet: Wallet, bountyId: string): Promise<string> {
  const [event] = await wallet.market().queryFilter(wallet.market().filters.KeyReleased(bountyId), wallet.config.deployBlock);
  if (!event || !("args" in event)) throw new Error("The requester has not released the key yet.");
  return event.args.key as string;
}

/** The labels of the GroundTruthRevealed event, read from the chain through the wallet. */
async function revealedLabels(wallet: Wallet, bountyId: string): Promise<string> {
  const [event] = await wallet.market().queryFilter(wallet.market().filters.GroundTruthRevealed(bountyId), wallet.config.deployBlock);
  if (!event || !("args" in event)) throw new Error("The requester has not revealed the labels yet.");
  return event.args.labels as string;
}

/**
 * Uploads a revealed model. The server takes it only once its index holds the SubmissionRevealed event that names
 * its CID (409 until then, a block or two), so that no model ever reaches it before its reveal.
 */
async function publishModel(bountyId: string, model: Uint8Array<ArrayBuffer>, cid: string, progress: (share: number) => void): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await uploadPublic(modelPath(bountyId), cid, new Blob([model]), progress);
      return;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409) || attempt >= 60) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function fetchPublic(cid: string | null, what: string): Promise<Uint8Array> {
  const path = ipfsPath(cid);
  if (path === null) throw new Error(`The ${what} CID on chain is not a valid CID.`);
  const response = await fetch(path);
  if (!response.ok) throw new Error(`The ${what} could not be fetched (${response.status}).`);
  return new Uint8Array(await response.arrayBuffer());
}

function fileOf(form: HTMLFormElement, name: string): File {
  const input = form.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
  const file = input.files?.[0];
  if (!file) throw new Error(`Choose a file for "${input.labels?.[0]?.textContent?.trim() ?? name}".`);
  return file;
}

async function fileText(form: HTMLFormElement, name: string): Promise<string> {
  return fileOf(form, name).text();
}

type Report = (message: string, kind?: ResultKind) => void;

/** Runs `action` when the form `selector` is submitted; what it reports is said beside the forms, in #action-result. */
function onSubmit(selector: string, working: string, action: (form: HTMLFormElement, button: HTMLButtonElement, report: Report) => Promise<void>,
    refresh: () => Promise<void>): void {
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
