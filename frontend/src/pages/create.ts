// The requester's page. Every secret step runs in this browser (docs/ui.md, "What stays in the browser"): the CSV is
// read, split, the test inputs sealed, the commitments and the CIDs computed here (frontend/src/requester/); only the
// public files (training CSV, sealed test inputs, metadata) are uploaded, each under the CID computed here; the
// reveal kit (labels, salt, sealing key) is downloaded before the transaction is sent, and never leaves the machine.
import { getAddress, isAddress, parseUnits } from "ethers";
import { filePath, uploadPublic, type PublicFile } from "../api";
import { download, duration, ether, mdc, wei, when } from "../format";
import { html, render } from "../html";
import { CsvReader, textChunks } from "../csv";
import { prepareBountyInWorker } from "../requester/inWorker";
import type { PreparedBounty, Stage } from "../requester/requester";
import { act, carryToNextPage, main, progressSteps, resultSlot, say, type Progress } from "../ui";
import { explain, type Wallet } from "../wallet";
import { hexCode } from "../hex";
import { barChart, chartTable } from "./charts";
import { dataPreview, previewFieldset } from "./dataPreview";
import { revealKit, revealKitFileName } from "../kits/revealKit";
import { Metric } from "../protocol/constants";
import { MAX_DECIMALS } from "../protocol/fixedPoint";
import { minScoreInWords, regressionMinScore, regressionTerms, scoringInWords, type RegressionTerms } from "../requester/regressionTerms";
import { targetHistogram } from "../requester/histogram";

/** A split, sealed and hashed dataset, bound to the bounty id it was prepared for. */
interface Prepared {
  bountyId: string;
  nonce: bigint;
  files: PreparedBounty;
}

const MINUTE = 60;
/** The contract's shortest time to the model deadline (MIN_RESPONSE_WINDOW), and the slack for signing and mining. */
const MIN_MODEL_PERIOD = 60 * MINUTE;
const SIGNING_SLACK = 5 * MINUTE;

/**
 * The model deadline `minutes` after the chain's `now`; one so close to the contract's one-hour minimum that the
 * permit signature and the mining could make the transaction late is moved to five minutes past that minimum.
 */
function modelDeadline(now: number, minutes: number): number {
  return Math.max(now + MINUTE * minutes, now + MIN_MODEL_PERIOD + SIGNING_SLACK);
}

/** The requester's form: the dataset and terms in, the work done here, then one permit signature and one transaction. */
export function createPage(wallet: Wallet | null): void {
  if (!wallet) {
    render(main(), html`<h1>Post a bounty</h1><p>This server follows no chain, so bounties cannot be posted here.</p>`);
    return;
  }
  render(main(), html`
    <h1>Post a bounty</h1>
    <p class="muted">Your labelled data never leaves this browser: it is split and the test inputs sealed here. The server
      receives the training data, the sealed test inputs and the metadata only; the labels, their salt and the sealing key go
      into a reveal kit you save.</p>
    <form id="create" class="stack">
      <label>Labelled dataset (CSV with a header row) <input type="file" name="file" accept=".csv,text/csv" required></label>
      <label>Label column (what the models predict) <select name="labelColumn" required aria-describedby="label-guess">
        <option value="">choose the CSV first</option></select></label>
      <p id="label-guess" class="muted hint">Pick the CSV: this asks which of its columns holds the labels.</p>
      <label>Task (what kind of value the models predict) <select name="task">
        <option value="classification" selected>Classification: a class; a model scores one point a test row it gets right</option>
        <option value="regression">Regression: a number; a model scores by how close it comes</option></select></label>
      ${previewFieldset}
      <label>Title <input name="title" required maxlength="200"></label>
      <label>Description <textarea name="description" rows="3"></textarea></label>
      <div class="row">
        <label>License <input name="license" placeholder="e.g. CC-BY-4.0"></label>
        <label>Provenance <input name="provenance" placeholder="where the data comes from"></label>
      </div>
      <div class="row">
        <label>Test fraction <input name="testFraction" type="number" min="0.01" max="0.99" step="0.01" value="0.2" required></label>
        <label>Reward (MDC) <input name="reward" type="number" min="0" step="any" value="100" required></label>
        <label>Trainer stake (MDC) <input name="trainerStake" type="number" min="0" step="any" value="10" required></label>
      </div>
      <div class="row">
        <label>Models close in (minutes) <input name="deadlineMinutes" type="number" min="60" value="1440" required></label>
        <label>Response window (minutes) <input name="windowMinutes" type="number" min="60" value="1440" required></label>
        <label>Max submissions <input name="maxSubmissions" type="number" min="1" max="1000" value="1000" required></label>
      </div>
      <fieldset id="classification-terms" class="stack"><legend>Classification</legend>
        <label>Least accuracy that wins (%) <input name="minAccuracy" type="number" min="0.01" max="100" step="any" value="50" required></label>
        <label class="choice"><input type="checkbox" name="stratified" checked> Stratified split: every class keeps its share in the test set</label>
        <label class="choice"><input type="checkbox" name="classesFromNumbers"> These numbers are classes: post labels of many distinct numbers
          as classification anyway (without this they are taken for a numeric target and refused)</label>
      </fieldset>
      <fieldset id="regression-terms" class="stack" hidden disabled><legend>Regression</legend>
        <p class="muted">Targets and predictions are counted in units of the target's last decimal. Each test row scores the largest error
          counted less the row's absolute error (an error beyond it counts as it): the best score, every prediction exact, is the largest
          error counted times the test rows.</p>
        <div class="row">
          <label>Decimals of the target <input name="targetDecimals" type="number" min="0" max="${MAX_DECIMALS}" step="1" value="2" required></label>
          <label>Largest error counted (in the target's unit) <input name="maxError" inputmode="decimal" value="1" required></label>
          <label>Least share of the best score that wins (%) <input name="minShare" type="number" min="0.01" max="100" step="any" value="50" required></label>
        </div>
      </fieldset>
      <label>Verifier (address; not yours) <input name="verifier" pattern="0x[0-9a-fA-F]{40}" value="${wallet.config.verifier ?? ""}" size="44" required></label>
      <button type="submit">Split and seal in this browser</button>
      <div id="prepare-progress" hidden></div>
      ${resultSlot("create-result")}
    </form>
    <section id="prepared" aria-labelledby="prepared-heading" hidden><h2 id="prepared-heading">Before you post</h2>
      <div id="summary"></div>
      <div class="chart"><canvas id="balance-chart" aria-hidden="true"></canvas></div>
      <div id="balance-table"></div>
      <div id="post-progress" hidden></div>
      <p><button type="button" id="post">Upload, sign and post</button></p>
      ${resultSlot("post-result")}
    </section>`);
  const form = main().querySelector<HTMLFormElement>("#create")!;
  const createResult = main().querySelector<HTMLElement>("#create-result")!;
  const postResult = main().querySelector<HTMLElement>("#post-result")!;
  const preparedSection = main().querySelector<HTMLElement>("#prepared")!;
  let prepared: Prepared | null = null;
  const discard = () => {
    prepared = null;
    preparedSection.hidden = true;
  };
  form.addEventListener("input", discard);
  const preview = dataPreview(form);
  form.addEventListener("input", preview.check);
  const taskSelect = form.querySelector<HTMLSelectElement>("select[name=task]")!;
  const showTask = () => {
    const regression = taskSelect.value === "regression";
    for (const [id, shown] of [["#classification-terms", !regression], ["#regression-terms", regression]] as const) {
      const fieldset = form.querySelector<HTMLFieldSetElement>(id)!;
      fieldset.hidden = !shown;
      fieldset.disabled = !shown; // a hidden term is neither checked nor sent
    }
  };
  taskSelect.addEventListener("change", showTask);

  const fileInput = form.querySelector<HTMLInputElement>("input[name=file]")!;
  const select = form.querySelector<HTMLSelectElement>("select[name=labelColumn]")!;
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    const hint = form.querySelector<HTMLElement>("#label-guess")!;
    let peek: CsvPeek;
    try {
      peek = await peekCsv(file);
    } catch (error) {
      render(select, html`<option value="">no header</option>`);
      hint.textContent = "";
      say(createResult, explain(error), "error");
      return;
    }
    render(select, html`${peek.header.map((c) => html`<option>${c}</option>`)}`);
    const guess = guessLabelColumn(peek);
    select.value = guess.column;
    hint.textContent = `Guessed "${guess.column}": ${guess.why}. Pick another column if the labels are elsewhere.`;
    await preview.show(file, guess.column);
  });
  select.addEventListener("change", () => {
    const file = fileInput.files?.[0];
    if (file && select.value !== "") void preview.show(file, select.value);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    act(form.querySelector("button[type=submit]"), "Working…", createResult, async () => {
      discard();
      const requester = connectedRequester(wallet);
      const values = new FormData(form);
      verifierOf(values, requester);
      const market = wallet.market();
      const [bountyId, nonce] = await Promise.all([market.nextBountyId(requester) as Promise<string>, market.requesterNonce(requester) as Promise<bigint>]);
      const progress = progressSteps(form.querySelector<HTMLElement>("#prepare-progress")!,
        { reading: "Reading", splitting: "Splitting", sealing: "Sealing", hashing: "Hashing" } satisfies Record<Stage, string>);
      const file = values.get("file") as File;
      const regression = regressionTermsOf(values);
      const files = await prepareBountyInWorker({
        file, fileName: file.name, bountyId,
        split: regression
          ? { labelColumn: String(values.get("labelColumn")), testFraction: Number(values.get("testFraction")), stratified: false,
            task: "regression", targetDecimals: regression.decimals, categorical: preview.categorical() }
          : { labelColumn: String(values.get("labelColumn")), testFraction: Number(values.get("testFraction")),
            stratified: values.get("stratified") !== null, classesFromNumbers: values.get("classesFromNumbers") !== null,
            categorical: preview.categorical() },
        description: { title: String(values.get("title")), description: optional(values, "description"), license: optional(values, "license"),
          provenance: optional(values, "provenance") },
      }, ({ stage, done, total }) => progress[stage](total === 0 ? 1 : done / total));
      prepared = { bountyId, nonce, files };
      const now = await wallet.latestBlock();
      showPrepared(files, termsOf(values, files.published.testSize, now ?? Date.now() / 1000, Date.now() / 1000), wei(wallet.config.arbitrationCost));
      preparedSection.hidden = false;
      say(createResult, `Split and sealed: ${files.published.testSize} test rows sealed. Check every term below, then post.`, "success");
      createResult.scrollIntoView({ block: "start" }); // the terms to check follow it
    });
  });

  main().querySelector<HTMLButtonElement>("#post")!.addEventListener("click", (event) =>
    act(event.target as HTMLButtonElement, "Posting…", postResult, async (report) => {
      if (!prepared) throw new Error("Split and seal the dataset first.");
      await post(wallet, form, prepared, report);
    }));
}

function optional(values: FormData, name: string): string | undefined {
  const value = String(values.get(name) ?? "").trim();
  return value === "" ? undefined : value;
}

function connectedRequester(wallet: Wallet): string {
  if (!wallet.connected) throw new Error("Connect a wallet first: it signs the bounty.");
  if (!wallet.onRightNetwork) throw new Error(`Switch your wallet to chain ${wallet.config.chainId} first.`);
  return wallet.address!;
}

/** The verifier's address: required, and never the requester (the contract refuses both with InvalidVerifier). */
function verifierOf(values: FormData, requester: string): string {
  const verifier = String(values.get("verifier") ?? "").trim();
  if (!isAddress(verifier)) throw new Error("The verifier must be an address (0x and 40 hex digits): every bounty has one.");
  if (getAddress(verifier) === getAddress(requester)) throw new Error("The verifier cannot be you, the requester: choose someone else's address.");
  return getAddress(verifier);
}

/** A regression bounty's terms as the form states them; null for classification. */
function regressionTermsOf(values: FormData): RegressionTerms | null {
  if (values.get("task") !== "regression") return null;
  return regressionTerms(Number(values.get("targetDecimals")), String(values.get("maxError") ?? ""));
}

/**
 * The least winning score: for classification, in correct test rows, the accuracy asked for rounded up; for regression,
 * the share of the best score asked for, rounded up; at least 1.
 */
function minScoreOf(values: FormData, testSize: number): number {
  const regression = regressionTermsOf(values);
  if (regression) return regressionMinScore(regression, testSize, Number(values.get("minShare")));
  const percent = Number(values.get("minAccuracy"));
  if (!(percent > 0 && percent <= 100)) throw new Error("The least accuracy that wins must be above 0% and at most 100%.");
  return Math.min(testSize, Math.max(1, Math.ceil((percent * testSize) / 100 - 1e-9)));
}

/** The terms of the bounty as the form states them, for "Before you post". */
interface Terms {
  labelColumn: string;
  regression: RegressionTerms | null;
  reward: bigint;
  trainerStake: bigint;
  minScore: number;
  askedMinutes: number;
  /** The minutes from posting to the model deadline the transaction will carry (modelDeadline's slack included). */
  modelMinutes: number;
  /** The model deadline if the bounty were posted now, by the chain's clock. */
  modelDeadline: number;
  windowMinutes: number;
  maxSubmissions: number;
  verifier: string;
  /** How far the chain's clock runs ahead of this computer's, in seconds (negative: behind). */
  clockOffset: number;
}

function termsOf(values: FormData, testSize: number, chainNow: number, browserNow: number): Terms {
  const askedMinutes = Number(values.get("deadlineMinutes"));
  const modelDeadlineNow = modelDeadline(chainNow, askedMinutes);
  return {
    labelColumn: String(values.get("labelColumn")),
    regression: regressionTermsOf(values),
    reward: parseUnits(String(values.get("reward")), 18),
    trainerStake: parseUnits(String(values.get("trainerStake")), 18),
    minScore: minScoreOf(values, testSize),
    askedMinutes,
    modelMinutes: Math.round((modelDeadlineNow - chainNow) / MINUTE),
    modelDeadline: modelDeadlineNow,
    windowMinutes: Number(values.get("windowMinutes")),
    maxSubmissions: Number(values.get("maxSubmissions")),
    verifier: String(values.get("verifier") ?? "").trim(),
    clockOffset: chainNow - browserNow,
  };
}

/** "Before you post": every term the transaction will carry, the data's figures, and the class balance. */
function showPrepared(files: PreparedBounty, terms: Terms, feeBond: bigint): void {
  const { classes, training, test } = files.classBalance;
  const series = [{ label: "Training rows", values: training }, { label: "Test rows", values: test }];
  const testSize = files.published.testSize;
  const moved = terms.modelMinutes !== terms.askedMinutes;
  const clockNote = Math.abs(terms.clockOffset) >= MINUTE
    && html`<p class="muted" id="clock-note">Deadlines are the chain's: its clock runs ${duration(Math.abs(terms.clockOffset))}
      ${terms.clockOffset > 0 ? "ahead of" : "behind"} this computer's.</p>`;
  render(main().querySelector("#summary")!, html`<dl class="facts" id="prepared-facts">
    <dt>Reward</dt><dd id="term-reward">${mdc(terms.reward)}, taken from your wallet when you post (one permit signature)</dd>
    <dt>Trainer stake</dt><dd id="term-stake">${mdc(terms.trainerStake)} from each trainer</dd>
    <dt>Verifier bond</dt><dd id="term-bond">${mdc(terms.trainerStake)} more, taken with the reward: it answers for your verifier's
      decisions, and comes back to you when the bounty ends unless a dispute overturns one of them</dd>
    <dt>Fee bond</dt><dd id="term-fee-bond">${ether(feeBond)} sent with the transaction (the arbitrator's cost of one dispute): it pays
      the arbitration of a dispute that overturns your verifier, and comes back to you otherwise</dd>
    <dt>Models close</dt><dd id="term-model-deadline">${terms.modelMinutes} min after posting, about ${when(terms.modelDeadline)} by the
      chain's clock${moved && html` (you asked for ${terms.askedMinutes} min: ${terms.askedMinutes} → ${terms.modelMinutes} min, because the
        contract wants at least an hour after the block that creates the bounty, and ${SIGNING_SLACK / MINUTE} minutes are added for signing
        and mining)`}</dd>
    <dt>Each later step</dt><dd id="term-window">${terms.windowMinutes} min (the response window): to release the key, to predict, to
      reveal the labels, to claim, to reveal, to verify</dd>
    <dt>Verifier</dt><dd id="term-verifier">${hexCode(terms.verifier, "verifier")}</dd>
    <dt>Task</dt><dd id="term-task">${taskInWords(terms, files)}</dd>
    <dt>A winner needs</dt><dd id="min-score">${terms.regression
      ? minScoreInWords(terms.regression, terms.minScore, testSize)
      : `${terms.minScore} of ${testSize} test rows right`}</dd>
    <dt>Test rows (sealed)</dt><dd id="test-size">${testSize}</dd>
    <dt>Training rows</dt><dd>${files.metadata.trainingSize}</dd>
    <dt>Submissions</dt><dd>at most ${terms.maxSubmissions}</dd>
    <dt>Features</dt><dd id="term-features">${featuresInWords(files.metadata.features)}</dd>
    ${!terms.regression && html`<dt>Classes</dt><dd>${classes.join(", ")}</dd>`}
  </dl>${clockNote}<p>${terms.regression ? "The targets of the training and the test set:" : "Class balance of the training and the test set:"}</p>`);
  if (files.targets) {
    const histogram = targetHistogram(files.targets);
    barChart(main().querySelector<HTMLCanvasElement>("#balance-chart")!, histogram.bins, histogram.series);
    render(main().querySelector("#balance-table")!, chartTable(`Rows per range of "${terms.labelColumn}"`, histogram.bins, histogram.series));
    return;
  }
  barChart(main().querySelector<HTMLCanvasElement>("#balance-chart")!, classes, series);
  render(main().querySelector("#balance-table")!, chartTable("Rows per class", classes, series));
}

/** How many features, and which are categorical when some are (the models' string input). */
function featuresInWords(features: PreparedBounty["metadata"]["features"]): string {
  const categorical = features.filter((feature) => feature.type === "string").map((feature) => feature.name);
  return categorical.length === 0 ? `${features.length}, all numeric`
    : `${features.length}: ${features.length - categorical.length} numeric, ${categorical.length} categorical (${categorical.join(", ")})`;
}

/** The task and its scoring, in words. */
function taskInWords(terms: Terms, files: PreparedBounty): string {
  return terms.regression
    ? scoringInWords(terms.regression, terms.labelColumn, files.published.testSize)
    : `classification of "${terms.labelColumn}" into ${files.classBalance.classes.length} classes, scored by accuracy: a model scores one point`
      + " a test row it predicts right";
}

async function post(wallet: Wallet, form: HTMLFormElement, prepared: Prepared, report: (message: string) => void): Promise<void> {
  const requester = connectedRequester(wallet);
  const values = new FormData(form);
  const verifier = verifierOf(values, requester);
  const { bountyId, files } = prepared;
  const market = wallet.market();
  if ((await market.nextBountyId(requester)) !== bountyId) {
    throw new Error("You posted another bounty since this dataset was sealed: its id changed, so split and seal it again.");
  }
  const { published, secret } = files;
  const reward = parseUnits(String(values.get("reward")), 18);
  const trainerStake = parseUnits(String(values.get("trainerStake")), 18);
  const minScore = minScoreOf(values, published.testSize);
  const regression = regressionTermsOf(values);

  const progress = progressSteps(main().querySelector<HTMLElement>("#post-progress")!,
    { training: "Uploading the training data", sealed: "Uploading the sealed test inputs", metadata: "Uploading the metadata" });
  await publish("training", published.training, published.trainingCid, progress.training);
  await publish("sealed-test-inputs", published.sealedTestInputs, published.sealedTestInputsCid, progress.sealed);
  await publish("metadata", published.metadata, published.metadataCid, progress.metadata);

  const kit = revealKit({
    chainId: wallet.config.chainId, market: wallet.config.bountyMarket, bountyId, requester, labels: secret.labels,
    salt: secret.groundTruthSalt, sealingKey: secret.sealingKey, numClasses: regression ? 0 : files.classBalance.classes.length,
    trainingCid: published.trainingCid, sealedTestInputsCid: published.sealedTestInputsCid, metadataCid: published.metadataCid,
  });
  const kitFile = revealKitFileName(bountyId);
  download(kitFile, `${JSON.stringify(kit, null, 2)}\n`);
  // What the transaction takes, read from the chain (the arbitrator may have changed its price since the page loaded).
  const escrow = reward + trainerStake;
  const feeBond = await wallet.arbitrationCost();
  report(`Your reveal kit ${kitFile} was downloaded. Keep it safe: without it you cannot release the key or reveal the labels, and you lose `
    + `the reward of ${mdc(reward)}. Now sign the permit for ${mdc(escrow)} (the reward and the verifier bond of ${mdc(trainerStake)}) and `
    + `confirm the transaction in your wallet, which also sends the fee bond of ${ether(feeBond)}.`);
  const now = (await wallet.latestBlock()) ?? Math.floor(Date.now() / 1000);
  await wallet.transactWithPermit("createBounty", [{
    trainingCid: published.trainingCid, sealedTestInputsCid: published.sealedTestInputsCid, metadataCid: published.metadataCid,
    groundTruthCommitment: published.groundTruthCommitment, sealingKeyCommitment: published.sealingKeyCommitment,
    reward, trainerStake,
    modelDeadline: modelDeadline(now, Number(values.get("deadlineMinutes"))),
    responseWindow: MINUTE * Number(values.get("windowMinutes")),
    testSize: published.testSize, numClasses: regression ? 0 : files.classBalance.classes.length,
    maxSubmissions: Number(values.get("maxSubmissions")),
    metric: regression ? Metric.MeanAbsoluteError : Metric.Accuracy, maxError: regression?.maxError ?? 0, minScore, verifier,
    nonce: prepared.nonce,
  }], escrow, feeBond);
  await indexed(bountyId);
  carryToNextPage(`Bounty posted with ${published.testSize} sealed test rows. Keep your reveal kit ${kitFile}: you need it twice.`, "success");
  location.hash = `#/bounty/${bountyId}`;
}

/** Uploads one public file under the CID this browser computed; the server refuses it if its own CID differs. */
async function publish(kind: PublicFile, file: Blob, cid: string, progress: Progress): Promise<void> {
  const stored = await uploadPublic(filePath(kind), cid, file, progress);
  if (stored.cid !== cid) throw new Error(`The server stored the ${kind} file as ${stored.cid}, not ${cid}: the bounty was not posted.`);
  progress(1);
}

/** Waits until the server's indexer has seen the new bounty (a block or two), so its page can show it. */
async function indexed(bountyId: string): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt++) {
    if ((await fetch(`/api/bounties/${bountyId}`)).ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The header and the first rows of a CSV, read without reading the rest (a dataset can be 100 MB). */
interface CsvPeek {
  header: readonly string[];
  rows: string[][];
}

const PEEK_ROWS = 50;
const PEEKED_ENOUGH = new Error("peeked enough");

async function peekCsv(file: File): Promise<CsvPeek> {
  const reader = await CsvReader.open(textChunks(file), file.name); // reads the file as the records are asked for
  const rows: string[][] = [];
  // A throw ends forEach: PEEKED_ENOUGH after PEEK_ROWS rows, or a bad row (the split reports it, naming the line).
  await reader.forEach((row) => {
    rows.push(row);
    if (rows.length === PEEK_ROWS) throw PEEKED_ENOUGH;
  }).catch(() => undefined);
  return { header: reader.header, rows };
}

const LABEL_NAMES = ["label", "target", "class", "y"];

/** The column most likely to hold the labels: one named like labels, else the only or first non-numeric one, else the last. */
function guessLabelColumn({ header, rows }: CsvPeek): { column: string; why: string } {
  const named = header.find((column) => LABEL_NAMES.includes(column.trim().toLowerCase()));
  if (named !== undefined) return { column: named, why: "its name says it holds labels" };
  const numeric = (cell: string) => cell.trim() !== "" && Number.isFinite(Number(cell));
  const text = header.filter((_, i) => rows.some((row) => !numeric(row[i] ?? "")));
  if (text.length > 0) {
    return { column: text[0], why: text.length === 1 ? "the only column that is not numbers" : "the first column that is not numbers" };
  }
  return { column: header[header.length - 1], why: "every column holds numbers, and labels often come last" };
}
