// The trainer's steps on a bounty. Every secret step runs in this browser: the model is hashed and committed but not
// uploaded; after the key release the test inputs are unsealed and the model run here (frontend/src/trainer/); the
// score is counted here from the revealed labels, by the bounty's metric as the contract counts it (accuracy, or for a
// regression bounty mean absolute error over fixed-point predictions); the model is uploaded only at its reveal.
import { getBytes } from "ethers";
import { ApiError, modelPath, uploadPublic } from "../../api";
import { mdc, short, wei, when } from "../../format";
import { html } from "../../html";
import { ipfsPath } from "../../ipfs/cid";
import { cidOf } from "../../ipfs/unixfs";
import { checkCommittedModel, keepKitThen, kitFileName, modelKit, readTrainerKit, trainerKitFileName, withPredictions, type TrainerKit }
  from "../../kits/trainerKit";
import { SUBMISSION_STATUSES } from "../../protocol/phases";
import { score as scoreOf } from "../../protocol/scoring";
import { unsealTestInputs } from "../../protocol/seal";
import { loadModel } from "../../trainer/model";
import { predict } from "../../trainer/predict";
import { bountyTerms } from "../../trainer/terms";
import { main, progressSteps } from "../../ui";
import { isRegressionBounty, scoreCell, scoreInWords, targetDecimalsOf } from "../scores";
import type { Wallet } from "../../wallet";
import { checkBounty, fileOf, fileText, kitForm, onSubmit, status, type ActionContext } from "./forms";

export function trainerStep({ bounty: b, chain, modelPublished, metadata }: ActionContext, mine: number, until: string) {
  const phase = chain!.phase;
  const decimals = targetDecimalsOf(metadata);
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
    const counting = isRegressionBounty(b) ? "scores your predictions against the revealed labels by mean absolute error, as the contract does"
      : "counts your correct predictions against the revealed labels";
    return kitForm("claim", `Claim your score: this page ${counting}.${until}`,
      `Trainer kit from your predictions (${predictionsKit})`, "Claim my score");
  }
  if (phase === "Revealing" && mine === status("Claimed") && chain!.submission.claimed >= b.minScore) {
    return html`<form id="reveal" class="stack">
      <p>You claimed ${isRegressionBounty(b) ? scoreInWords(b, chain!.submission.claimed, decimals) : chain!.submission.claimed}, at least the
        ${scoreCell(b, b.minScore, decimals)} that can win: reveal your predictions and model now (the best
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

/** Wires the trainer's forms that were rendered to their steps. */
export function bindTrainerActions(context: ActionContext): void {
  const { bounty: b, wallet, refresh } = context;
  const w = wallet!;
  const { chainId, bountyMarket } = w.config;
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
    const score = scoreOf(b.metric, b.maxError, getBytes(kit.predictions!), getBytes(await revealedLabels(w, b.id)));
    await w.transact("claimScore", [b.id, score]);
    report(isRegressionBounty(b) ? `Claimed ${scoreInWords(b, score, targetDecimalsOf(context.metadata))}.` : `Claimed ${score} of ${b.testSize}.`,
      "success");
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
