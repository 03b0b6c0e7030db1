import { get, postForm, postJson, type Bounty, type PreparedSubmission, type Standing, type TimelineEvent, type UnsignedTransaction,
  type VerificationReport } from "../api";
import { cidCode, fetchIpfsJson, ipfsPath, parseCid } from "../cid";
import { countdown, download, mdc, short, wei, when } from "../format";
import { html, render, type Html } from "../html";
import { FINAL, LIFE, phaseName } from "../phases";
import { act, main, notify, readJsonFile } from "../ui";
import { marketInterface, type Wallet } from "../wallet";

/** What the page shows of the metadata: the document on IPFS is whatever its publisher wrote, so every field is checked. */
interface Metadata {
  title: string;
  description: string | null;
  classes: string[];
  featureCount: number;
  labelColumn: string;
}

interface Detail {
  bounty: Bounty;
  timeline: TimelineEvent[];
}

const BOUNTY_ID = /^0x[0-9a-fA-F]{64}$/;

/** The metadata as this page uses it, or null (with why) when it cannot be read. */
async function readMetadata(metadataCid: string | null): Promise<{ metadata: Metadata | null; problem: string | null }> {
  if (parseCid(metadataCid) === null) return { metadata: null, problem: "The metadata CID on chain is not a valid CID, so the metadata was not fetched." };
  try {
    const raw = await fetchIpfsJson<Record<string, unknown>>(metadataCid, "metadata");
    const text = (value: unknown) => (typeof value === "string" ? value : null);
    return {
      metadata: {
        title: text(raw.title) ?? "Untitled bounty",
        description: text(raw.description),
        classes: Array.isArray(raw.classes) ? raw.classes.map((c) => String(c)) : [],
        featureCount: Array.isArray(raw.features) ? raw.features.length : 0,
        labelColumn: text(raw.labelColumn) ?? "",
      },
      problem: null,
    };
  } catch {
    return { metadata: null, problem: "The metadata could not be read from IPFS." };
  }
}

/** A download link for a file on IPFS, or its name alone when the CID is not valid. */
function fileLink(cid: string | null, name: string, label: string): Html {
  const path = ipfsPath(cid);
  return path === null ? html`${label}` : html`<a href="${path}" download="${name}">${label}</a>`;
}

/** One bounty: what it is, where it stands, its leaderboard and report, and what the connected wallet can do now. */
export async function bountyPage(id: string, wallet: Wallet | null): Promise<() => void> {
  if (!BOUNTY_ID.test(id)) throw new Error("That is not a bounty id (0x and 64 hex digits).");
  let detail = await get<Detail>(`/api/bounties/${id}`);
  const b = detail.bounty;
  const { metadata, problem } = await readMetadata(b.metadataCid);
  render(main(), html`
    <h1>${metadata?.title ?? "Untitled bounty"}</h1>
    <p class="muted">Bounty <code>${b.id}</code> by <code>${b.requester}</code></p>
    ${problem && html`<p class="warn" id="metadata-problem">${problem}</p>`}
    ${b.cidProblem && html`<p class="warn" id="cid-problem">${b.cidProblem}</p>`}
    ${metadata?.description && html`<p>${metadata.description}</p>`}
    <section aria-labelledby="status-heading"><h2 id="status-heading">Status</h2><div id="status"></div></section>
    <section aria-labelledby="data-heading"><h2 id="data-heading">Data</h2>
      <ul class="downloads">
        <li>${fileLink(b.trainingCid, "training.csv", "Training data (CSV)")} ${cidCode(b.trainingCid)}</li>
        <li>${fileLink(b.testInputsCid, "test-inputs.csv", "Test inputs (CSV, no labels)")} ${cidCode(b.testInputsCid)}</li>
        <li>${fileLink(b.metadataCid, "metadata.json", "Metadata (JSON)")} ${cidCode(b.metadataCid)}${metadata && html`: ${metadata.featureCount} features,
          label column <code>${metadata.labelColumn}</code>, classes ${metadata.classes.join(", ")}`}</li>
      </ul></section>
    <section aria-labelledby="act-heading"><h2 id="act-heading">Your next step</h2><div id="actions"></div></section>
    <section aria-labelledby="board-heading"><h2 id="board-heading">Leaderboard</h2><div id="leaderboard"></div></section>
    <section aria-labelledby="report-heading" id="report-section" hidden><h2 id="report-heading">Verification report</h2><div id="report"></div></section>
    <section aria-labelledby="timeline-heading"><h2 id="timeline-heading">Timeline</h2><div id="timeline"></div></section>`);

  let shownPhase = "";
  const refresh = async () => {
    detail = await get<Detail>(`/api/bounties/${id}`);
    const chainNow = await chainTime(wallet);
    renderStatus(detail.bounty, chainNow);
    renderTimeline(detail.timeline);
    await renderLeaderboard(id);
    await renderReport(detail.timeline, metadata?.classes ?? []);
    const key = `${effectivePhase(detail.bounty, chainNow)}|${wallet?.address ?? ""}|${wallet?.chainId ?? ""}`;
    if (key !== shownPhase) {
      shownPhase = key;
      renderActions(detail.bounty, wallet, chainNow, refresh);
    }
  };
  await refresh();
  const timer = window.setInterval(() => refresh().catch(() => undefined), 3000);
  const onWallet = () => refresh().catch(() => undefined);
  wallet?.listeners.add(onWallet);
  return () => {
    window.clearInterval(timer);
    wallet?.listeners.delete(onWallet);
  };
}

/** The chain's clock (it can run ahead of the browser's on a dev chain), or the browser's without a wallet. */
async function chainTime(wallet: Wallet | null): Promise<number> {
  try {
    const block = await wallet?.latestBlock();
    if (block) return block;
  } catch {
    /* fall back */
  }
  return Date.now() / 1000;
}

function deadlineOf(b: Bounty): number {
  return b.phase === "Open" ? b.submissionDeadline : b.phaseDeadline;
}

/**
 * The phase as the contract sees it now: a bounty past its deadline has moved on before anyone records it
 * (docs/protocol.md, decision 2), so an Open bounty past its deadline awaits the labels and a Claiming
 * bounty past its window is in CandidateReveal.
 */
function effectivePhase(b: Bounty, now: number): string {
  if (b.phase === "Open" && now >= b.submissionDeadline) return "AwaitingGroundTruth";
  if (b.phase === "Claiming" && now >= b.phaseDeadline) return "CandidateReveal";
  return b.phase;
}

function renderStatus(b: Bounty, now: number): void {
  const effective = effectivePhase(b, now);
  const due = effective === "AwaitingGroundTruth" ? b.submissionDeadline + b.responseWindow
    : effective === "CandidateReveal" && b.phase === "Claiming" ? b.phaseDeadline + b.responseWindow : deadlineOf(b);
  const steps = LIFE.map((phase) => {
    const state = phase === effective ? "current" : LIFE.indexOf(phase) < LIFE.indexOf(effective) ? "done" : "todo";
    return html`<li class="${state}" aria-current="${state === "current" ? "step" : "false"}">${phase}</li>`;
  });
  render(document.querySelector("#status")!, html`
    <p><span class="phase ${effective}" id="phase">${effective}</span>
      ${!FINAL.includes(effective) && due && html`— this step ends ${when(due)} (<span class="countdown">${countdown(due, now)}</span>)`}</p>
    ${FINAL.includes(effective) && effective !== "Completed" ? "" : html`<ol class="steps" aria-label="Phases">${steps}</ol>`}
    <dl class="facts">
      <dt>Reward</dt><dd>${mdc(b.reward)}</dd><dt>Stake</dt><dd>${mdc(b.trainerStake)}</dd>
      <dt>Test rows</dt><dd>${b.testSize}</dd><dt>Classes</dt><dd>${b.numClasses}</dd>
      <dt>Submissions</dt><dd>${b.liveSubmissions} of at most ${b.maxSubmissions}</dd>
      <dt>Submissions close</dt><dd>${when(b.submissionDeadline)}</dd>
      <dt>Verifier</dt><dd>${/^0x0+$/.test(b.verifier) ? "none" : html`<code>${b.verifier}</code>`}</dd>
      ${b.winner && html`<dt>Winner</dt><dd id="winner"><code>${b.winner}</code></dd>`}
    </dl>`);
}

async function renderLeaderboard(id: string): Promise<void> {
  const standings = await get<Standing[]>(`/api/bounties/${id}/leaderboard`);
  render(document.querySelector("#leaderboard")!, standings.length === 0 ? html`<p>No submission yet.</p>` : html`
    <table class="table"><thead><tr><th scope="col">Trainer</th><th scope="col">Claimed</th><th scope="col">Revealed (counted on chain)</th>
      <th scope="col">Verified</th><th scope="col">Outcome</th></tr></thead><tbody>
    ${standings.map((s) => html`<tr><td><code>${short(s.trainer)}</code></td><td>${s.claimed ?? "—"}</td><td>${s.revealedCorrect ?? "—"}</td>
      <td>${s.reproduced === null ? "—" : s.reproduced ? "reproduced" : "not reproduced"}</td>
      <td>${s.winner ? html`<strong>winner</strong>` : s.slashed ? `slashed (${s.slashed})` : s.withdrawn ? "withdrawn" : ""}</td></tr>`)}
    </tbody></table>`);
}

/** A number from a report, or null: the report on IPFS is whatever its verifier wrote. */
function count(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

async function renderReport(timeline: TimelineEvent[], classes: string[]): Promise<void> {
  const attested = timeline.filter((e) => e.name === "VerificationAttested").at(-1);
  const section = document.querySelector<HTMLElement>("#report-section")!;
  if (!attested) return;
  const payload = JSON.parse(attested.payload) as { reportCid?: unknown; trainer?: unknown; reproduced?: unknown };
  const reportCid = typeof payload.reportCid === "string" ? payload.reportCid : "";
  if (section.dataset.attestation === `${attested.block}/${attested.txHash}`) return;
  section.dataset.attestation = `${attested.block}/${attested.txHash}`;
  section.hidden = false;
  const reproduced = payload.reproduced === true || payload.reproduced === "true";
  const trainer = typeof payload.trainer === "string" ? payload.trainer : "";
  const target = document.querySelector("#report")!;
  const path = ipfsPath(reportCid);
  if (path === null) {
    render(target, html`<p id="verdict"><strong>${reproduced ? "Reproduced" : "Not reproduced"}</strong> (as attested on chain) for the model of
      <code>${short(trainer)}</code>. The report CID on chain is not a valid CID: <span class="invalid-cid">invalid CID</span>.</p>`);
    return;
  }
  let report: Partial<Record<keyof VerificationReport, unknown>>;
  try {
    report = await fetchIpfsJson(reportCid, "verification report");
  } catch {
    render(target, html`<p id="verdict"><strong>${reproduced ? "Reproduced" : "Not reproduced"}</strong> (as attested on chain).
      The report <a href="${path}">${parseCid(reportCid)}</a> could not be read.</p>`);
    return;
  }
  const rows = count(report.rows);
  const correct = count(report.correct);
  const accuracy = rows && correct !== null ? ((100 * correct) / rows).toFixed(1) : "—";
  const confusion = Array.isArray(report.confusion) ? (report.confusion as unknown[]).filter(Array.isArray) as unknown[][] : null;
  const status = report.status === "REPRODUCED" ? "Reproduced" : report.status === "FAILED" ? "Failed" : "Not reproduced";
  const matrix = confusion && html`
    <table class="matrix"><caption>Confusion matrix (rows: true label, columns: predicted)</caption>
      <thead><tr><th scope="col"></th>${classes.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
      <tbody>${confusion.map((row, i) => html`<tr><th scope="row">${classes[i] ?? String(i)}</th>${row.map((n, j) =>
        html`<td class="${i === j ? "diagonal" : n ? "off" : ""}">${count(n) ?? "?"}</td>`)}</tr>`)}</tbody></table>`;
  render(target, html`
    <p id="verdict"><strong>${status}</strong>:
      the verifier re-ran model of <code>${short(trainer)}</code> on the ${count(report.rows) ?? "?"} test inputs;
      ${count(report.rowsMatched) ?? "?"} predictions matched the revealed ones, accuracy ${accuracy}%
      (${count(report.inferenceMillis) ?? "?"} ms). Report <a href="${path}">${parseCid(reportCid)}</a>.
      ${typeof report.failure === "string" && html`<br>${report.failure}`}</p>${matrix}`);
}

function renderTimeline(timeline: TimelineEvent[]): void {
  render(document.querySelector("#timeline")!, html`
    <table class="table"><thead><tr><th scope="col">Block</th><th scope="col">Event</th><th scope="col">Who</th><th scope="col">Transaction</th></tr></thead>
    <tbody>${timeline.map((e) => {
      const payload = JSON.parse(e.payload);
      const who = payload.trainer ?? payload.winner ?? payload.account ?? payload.requester ?? "";
      return html`<tr><td>${e.block}</td><td>${e.name}${e.name === "PhaseChanged" && html` → ${phaseName(payload.phase)}`}</td>
        <td><code>${short(String(who))}</code></td><td><code>${short(e.txHash)}</code></td></tr>`;
    })}</tbody></table>`);
}

/** What the connected account can do in this phase, as forms; the server prepares, the wallet signs. */
function renderActions(b: Bounty, wallet: Wallet | null, now: number, refresh: () => Promise<void>): void {
  const actions = document.querySelector<HTMLElement>("#actions")!;
  if (!wallet?.connected) {
    render(actions, html`<p>Connect a wallet to submit, claim or reveal.</p>`);
    return;
  }
  const me = wallet.address!.toLowerCase();
  const effective = effectivePhase(b, now);
  if (effective === "Open" && me !== b.requester.toLowerCase()) {
    render(actions, html`
      <form id="submit-form" class="stack">
        <p>Upload your predictions for the ${b.testSize} test rows and the ONNX model that made them. The server re-runs the
          model first, so you learn now whether your reveal would verify. Committing stakes ${mdc(b.trainerStake)}.</p>
        <label>Predictions (CSV with one column, or JSON) <input type="file" name="predictions" accept=".csv,.json" required></label>
        <label>Model (ONNX) <input type="file" name="model" accept=".onnx" required></label>
        <progress id="submit-progress" value="0" max="1" hidden aria-label="Upload progress"></progress>
        <button type="submit">Check, commit and stake</button>
      </form>`);
    onSubmit("#submit-form", "Checking the model…", async (form, button) => {
      const data = new FormData(form);
      const progress = actions.querySelector<HTMLProgressElement>("#submit-progress")!;
      progress.hidden = false;
      const prepared = await postForm<PreparedSubmission>(`/api/trainer/bounties/${b.id}/submissions?trainer=${me}`, data,
        (share) => (progress.value = share));
      download(`trainer-kit-${b.id.slice(0, 10)}.json`, JSON.stringify(prepared.trainerKit, null, 2));
      notify("Your trainer kit was downloaded: keep it, you need it to claim and reveal. Now confirm in your wallet.", "info");
      button.textContent = "Waiting for your wallet…";
      await wallet.send(await withPermit(wallet, prepared.commit, wei(b.trainerStake), "commit"));
      notify("Committed. Your stake is escrowed until the bounty ends.", "success");
    }, refresh);
  } else if (effective === "Open") {
    render(actions, html`<p>Your bounty is open for submissions until ${when(b.submissionDeadline)}. Keep your reveal kit: you need it then.</p>`);
  } else if (effective === "AwaitingGroundTruth" && me === b.requester.toLowerCase()) {
    kitAction(actions, wallet, refresh, {
      id: "reveal-labels", label: "Reveal kit (the file you saved when posting)", button: "Reveal the test labels", working: "Revealing…",
      explanation: `Reveal before ${when(b.submissionDeadline + b.responseWindow)} (${countdown(b.submissionDeadline + b.responseWindow, now)}), or you are slashed.`,
      endpoint: "/api/requester/reveal-transaction", done: "The labels are revealed; trainers can claim now.",
    });
  } else if (effective === "Claiming") {
    kitAction(actions, wallet, refresh, {
      id: "claim", label: "Trainer kit", button: "Claim my accuracy", working: "Claiming…",
      explanation: "The server counts your correct predictions from your kit and the revealed labels; the best claim must reveal next.",
      endpoint: "/api/trainer/claim-transaction", done: "Claimed.",
    });
  } else if (effective === "CandidateReveal") {
    kitAction(actions, wallet, refresh, {
      id: "reveal-model", label: "Trainer kit", button: "Reveal my predictions and model", working: "Revealing…",
      explanation: `Only the candidate reveals, before ${when(b.phase === "Claiming" ? b.phaseDeadline + b.responseWindow : b.phaseDeadline)}; a count that differs from the claim is slashed.`,
      endpoint: "/api/trainer/reveal-transaction", done: "Revealed. The verifier re-runs your model next.",
    });
  } else {
    render(actions, html`<p>Nothing to do for you in ${effective}.</p>`);
  }
}

/** A step driven by a kit: the user picks the kit file, the server builds the transaction, the wallet signs it. */
interface KitAction {
  id: string;
  label: string;
  button: string;
  working: string;
  explanation: string;
  endpoint: string;
  done: string;
}

function kitAction(actions: HTMLElement, wallet: Wallet, refresh: () => Promise<void>, action: KitAction): void {
  render(actions, html`<form id="${action.id}" class="stack"><p>${action.explanation}</p>
    <label>${action.label} <input type="file" name="kit" accept=".json,application/json" required></label>
    <button type="submit">${action.button}</button></form>`);
  onSubmit(`#${action.id}`, action.working, async (form) => {
    const kit = await readJsonFile(form.querySelector("input")!);
    await wallet.send(await postJson<UnsignedTransaction>(action.endpoint, kit));
    notify(action.done, "success");
  }, refresh);
}

function onSubmit(selector: string, working: string, action: (form: HTMLFormElement, button: HTMLButtonElement) => Promise<void>,
    refresh: () => Promise<void>): void {
  const form = document.querySelector<HTMLFormElement>(selector)!;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    act(button, working, async () => {
      await action(form, button);
      await refresh();
    });
  });
}

/** Turns `commit`/`createBounty` into its `...WithPermit` twin signed for `amount`: one signature instead of an approval. */
export async function withPermit(wallet: Wallet, transaction: UnsignedTransaction, amount: bigint, name: "commit" | "createBounty")
    : Promise<UnsignedTransaction> {
  if (amount === 0n) return transaction;
  const args = marketInterface.decodeFunctionData(name, transaction.data);
  const { deadline, v, r, s } = await wallet.permit(wallet.config.bountyMarket, amount);
  return { ...transaction, data: marketInterface.encodeFunctionData(`${name}WithPermit`, [...args, deadline, v, r, s]) };
}
