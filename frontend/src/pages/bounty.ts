// One bounty: what it is, where it stands (the phase, a live countdown to the current deadline), how many took
// each step (a chart), the leaderboard, the verifier's verdicts and proposal, its disputes with their evidence and
// rulings, the audit's verdict, and what the connected wallet can do now (pages/actions/). With a wallet, the phase and the deadline are read from the contract itself (phaseOf),
// so they are exact even where the server's index lags; without one, the server's.
import { get, type Activity, type Bounty, type BountyDetail, type Dispute, type Evidence, type Proposal, type Standing, type TimelineEvent,
  type VerificationReport } from "../api";
import { cidCode, fetchIpfsJson, ipfsPath, parseCid } from "../ipfs/cid";
import { countdown, ether, mdc, short, when } from "../format";
import { hexCode } from "../hex";
import { html, render, type Html } from "../html";
import { FINAL, LIFE, SUBMISSION_STATUSES, phaseName } from "../protocol/phases";
import { main, resultSlot } from "../ui";
import { inTargetUnit, isRegressionBounty, leastWinning, scoreCell, targetDecimalsOf } from "./scores";
import type { Wallet } from "../wallet";
import { renderActions, type ChainState } from "./actions";
import { barChart, chartTable } from "./charts";

/** What the page shows of the metadata: the document on IPFS is whatever its publisher wrote, so every field is checked. */
interface Metadata {
  title: string;
  description: string | null;
  /** A regression bounty's target decimals (its unit is 10^-d of the target); null for classification or when not given. */
  targetDecimals: number | null;
  classes: string[];
  featureCount: number;
  /** The categorical features' names (a model reads them as its string input). */
  categorical: string[];
  labelColumn: string;
}

const BOUNTY_ID = /^0x[0-9a-fA-F]{64}$/;

/** The metadata as this page shows it, and the document itself (for the trainer's checks), or null (with why). */
async function readMetadata(metadataCid: string | null): Promise<{ metadata: Metadata | null; document?: unknown; problem: string | null }> {
  if (parseCid(metadataCid) === null) return { metadata: null, problem: "The metadata CID on chain is not a valid CID, so the metadata was not fetched." };
  try {
    const raw = await fetchIpfsJson<Record<string, unknown>>(metadataCid, "metadata");
    const text = (value: unknown) => (typeof value === "string" ? value : null);
    return {
      metadata: {
        title: text(raw.title) ?? "Untitled bounty",
        description: text(raw.description),
        targetDecimals: targetDecimalsOf(raw),
        classes: Array.isArray(raw.classes) ? raw.classes.map((c) => String(c)) : [],
        featureCount: Array.isArray(raw.features) ? raw.features.length : 0,
        categorical: Array.isArray(raw.features)
          ? raw.features.filter((f) => (f as { type?: unknown })?.type === "string").map((f) => String((f as { name?: unknown }).name)) : [],
        labelColumn: text(raw.labelColumn) ?? "",
      },
      document: raw,
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

export async function bountyPage(id: string, wallet: Wallet | null): Promise<() => void> {
  if (!BOUNTY_ID.test(id)) throw new Error("That is not a bounty id (0x and 64 hex digits).");
  let detail = await get<BountyDetail>(`/api/bounties/${id}`);
  const b = detail.bounty;
  const { metadata, document: metadataDocument, problem } = await readMetadata(b.metadataCid);
  render(main(), html`
    <h1>${metadata?.title ?? "Untitled bounty"}</h1>
    <p class="muted">Bounty ${hexCode(b.id, "bounty id")} by ${hexCode(b.requester, "requester")}</p>
    ${problem && html`<p class="warn" id="metadata-problem">${problem}</p>`}
    ${b.cidProblem && html`<p class="warn" id="cid-problem">${b.cidProblem}</p>`}
    ${metadata?.description && html`<p>${metadata.description}</p>`}
    <section aria-labelledby="status-heading"><h2 id="status-heading">Status</h2>
      <p id="verifier-problem" class="problem" role="status" aria-live="polite"></p><div id="status"></div></section>
    <section aria-labelledby="data-heading"><h2 id="data-heading">Data</h2>
      <ul class="downloads">
        <li>${fileLink(b.trainingCid, "training.csv", "Training data (CSV)")} ${cidCode(b.trainingCid)}</li>
        <li>${fileLink(b.sealedTestInputsCid, "test-inputs.sealed", "Test inputs (sealed until the key is released)")} ${cidCode(b.sealedTestInputsCid)}</li>
        <li>${fileLink(b.metadataCid, "metadata.json", "Metadata (JSON)")} ${cidCode(b.metadataCid)}${metadata && html`: ${metadata.featureCount} features${metadata.categorical.length > 0
          ? ` (categorical, the models' string input: ${metadata.categorical.join(", ")})` : ""},
          ${isRegressionBounty(b) ? html`target column <code>${metadata.labelColumn}</code>, a number${metadata.targetDecimals === null ? ""
            : ` to ${metadata.targetDecimals} decimals`}` : html`label column <code>${metadata.labelColumn}</code>, classes ${metadata.classes.join(", ")}`}`}</li>
      </ul></section>
    <section aria-labelledby="act-heading"><h2 id="act-heading">Your next step</h2>${resultSlot("action-result")}<div id="actions"></div></section>
    <section aria-labelledby="progress-heading"><h2 id="progress-heading">Submissions, step by step</h2>
      <p class="muted">How many submissions took each step so far: every trainer commits a model, then predictions, claims a score;
        the best claims reveal, and the verifier re-runs their models.</p>
      <div class="chart"><canvas id="steps-chart" aria-hidden="true"></canvas></div><div id="steps-table"></div></section>
    <section aria-labelledby="board-heading"><h2 id="board-heading">Leaderboard</h2><div id="leaderboard"></div></section>
    <section aria-labelledby="dispute-heading" id="dispute-section" hidden><h2 id="dispute-heading">Disputes</h2><div id="disputes"></div></section>
    <section aria-labelledby="report-heading" id="report-section" hidden><h2 id="report-heading">Verification</h2><div id="report"></div></section>
    <section aria-labelledby="audit-heading" id="audit-section" hidden><h2 id="audit-heading">Audit</h2><div id="audit"></div></section>
    <section aria-labelledby="timeline-heading"><h2 id="timeline-heading">Timeline</h2><div id="timeline"></div></section>`);

  const decimals = metadata?.targetDecimals ?? null;
  let shown = "";
  let clock = serverClock(b);
  const refresh = async () => {
    detail = await get<BountyDetail>(`/api/bounties/${id}`);
    renderVerifierProblem(detail.verifierProblem ?? null);
    const chain = await chainState(wallet, detail.bounty);
    clock = chain ? { phase: chain.phase, deadline: chain.deadline, offset: chain.now - Date.now() / 1000 } : serverClock(detail.bounty);
    renderStatus(detail.bounty, clock, decimals);
    renderTimeline(detail.timeline);
    const [standings, activity] = await Promise.all([get<Standing[]>(`/api/bounties/${id}/leaderboard`), get<Activity[]>(`/api/bounties/${id}/activity`)]);
    renderActivity(activity);
    renderLeaderboard(standings, detail.bounty, decimals);
    renderProposal(clock.phase, detail.proposal ?? null);
    renderDisputes(detail.disputes ?? [], detail.evidence ?? [], standings);
    // The next step first: the reports and the audit below it fetch from IPFS and may take a while.
    const modelPublished = await revealedModelPublished(standings, chain, wallet);
    const disputes = detail.disputes ?? [];
    const key = [clock.phase, chain?.storedPhase, chain?.submission?.status, chain?.credits, chain?.feeCredits, modelPublished, wallet?.address,
      wallet?.chainId, detail.bounty.liveSubmissions, disputes.length].join("|");
    if (key !== shown) {
      shown = key;
      renderActions({ bounty: detail.bounty, metadata: metadataDocument, chain, standings, disputes, wallet, modelPublished, refresh });
    }
    await renderReports(detail.timeline, metadata?.classes ?? [], isRegressionBounty(detail.bounty) ? decimals : false);
    if (FINAL.includes(clock.phase)) await renderAudit(id, detail.timeline.length);
  };
  await refresh();
  const timer = window.setInterval(() => refresh().catch(() => undefined), 3000);
  const ticker = window.setInterval(() => tick(clock), 1000);
  const onWallet = () => refresh().catch(() => undefined);
  wallet?.listeners.add(onWallet);
  return () => {
    window.clearInterval(timer);
    window.clearInterval(ticker);
    wallet?.listeners.delete(onWallet);
  };
}

/** The phase and its deadline as shown, and how far the chain's clock runs ahead of the browser's. */
interface Clock {
  phase: string;
  deadline: number;
  offset: number;
}

function serverClock(b: Bounty): Clock {
  return { phase: b.phase, deadline: b.phaseDeadline, offset: b.now - Date.now() / 1000 };
}

/**
 * The bounty as the contract sees it now, read through the wallet: the phase and its deadline as currentPhase answers
 * them (phaseOf's phase, derived from the clock), the connected account's submission, credits and fee credits. Null without a connected wallet on the
 * right chain (the page then shows the server's figures).
 */
async function chainState(wallet: Wallet | null, b: Bounty): Promise<ChainState | null> {
  if (!wallet?.connected || !wallet.onRightNetwork) return null;
  try {
    const market = wallet.market();
    const [[phase, deadline], stored, submission, credits, feeCredits, now] = await Promise.all([
      market.currentPhase(b.id), market.getBounty(b.id), market.getSubmission(b.id, wallet.address), market.credits(wallet.address),
      market.feeCredits(wallet.address), wallet.latestBlock(),
    ]);
    return {
      phase: phaseName(phase),
      storedPhase: phaseName(stored.phase),
      deadline: Number(deadline),
      now: now ?? Date.now() / 1000,
      keyReleased: Boolean(stored.keyReleased),
      submission: { status: Number(submission.status), claimed: Number(submission.claimed) },
      credits: credits as bigint,
      feeCredits: feeCredits as bigint,
    };
  } catch {
    return null;
  }
}

/** Whether the server holds the connected trainer's revealed model; true when there is none to hold. */
async function revealedModelPublished(standings: Standing[], chain: ChainState | null, wallet: Wallet | null): Promise<boolean> {
  if (chain?.submission.status !== SUBMISSION_STATUSES.indexOf("Revealed")) return true;
  const path = ipfsPath(standings.find((s) => s.trainer.toLowerCase() === wallet?.address?.toLowerCase())?.modelCid);
  return path === null || (await fetch(path, { method: "HEAD" })).ok;
}

/**
 * What a bounty's task is and what a winner needs, as facts: the classes and the least right predictions, or for a
 * regression bounty the unit, maxError and the least score with the mean error it stands for.
 */
function taskFacts(b: Bounty, decimals: number | null): Html {
  if (!isRegressionBounty(b)) {
    return html`<dt>Classes</dt><dd>${b.numClasses}</dd><dt>A winner needs</dt><dd>${b.minScore} of ${b.testSize} test rows right</dd>`;
  }
  return html`<dt>Task</dt><dd id="task">regression, scored by mean absolute error${decimals === null ? ""
      : `, in units of ${inTargetUnit(1, decimals)}`}</dd>
    <dt>Largest error counted</dt><dd id="max-error">${inTargetUnit(b.maxError, decimals)} (an item this far off or farther scores 0)</dd>
    <dt>A winner needs</dt><dd id="needs">${leastWinning(b, decimals)}</dd>`;
}

function renderStatus(b: Bounty, clock: Clock, decimals: number | null): void {
  const { phase } = clock;
  const steps = LIFE.map((step) => {
    const state = step === phase ? "current" : LIFE.indexOf(step) < LIFE.indexOf(phase) ? "done" : "todo";
    return html`<li class="${state}" aria-current="${state === "current" ? "step" : "false"}">${step}</li>`;
  });
  render(document.querySelector("#status")!, html`
    <p><span class="phase ${phase}" id="phase">${phase}</span>
      ${clock.deadline > 0 && html`— this step ends ${when(clock.deadline)} (<span class="countdown" id="countdown">${countdown(clock.deadline, Date.now() / 1000 + clock.offset)}</span>)`}</p>
    ${FINAL.includes(phase) && phase !== "Completed" ? "" : html`<ol class="steps" aria-label="Phases">${steps}</ol>`}
    <dl class="facts">
      <dt>Reward</dt><dd>${mdc(b.reward)}</dd><dt>Stake</dt><dd>${mdc(b.trainerStake)}</dd>
      <dt>Test rows</dt><dd>${b.testSize}</dd>${taskFacts(b, decimals)}
      <dt>Submissions</dt><dd>${b.liveSubmissions} of at most ${b.maxSubmissions}</dd>
      <dt>Models close</dt><dd>${when(b.modelDeadline)}</dd>
      <dt>Response window</dt><dd>${Math.round(b.responseWindow / 60)} min</dd>
      <dt>Verifier</dt><dd>${hexCode(b.verifier, "verifier")}</dd>
      ${b.sealingKey && html`<dt>Sealing key (released)</dt><dd>${hexCode(b.sealingKey, "sealing key")}</dd>`}
      ${b.winner && FINAL.includes(phase) && html`<dt>Winner</dt><dd id="winner">${hexCode(b.winner, "winner")}</dd>`}
    </dl><p id="proposal" hidden></p>`);
}

/** Moves the countdown on by the second, between refreshes. */
function tick(clock: Clock): void {
  const element = document.querySelector("#countdown");
  if (element && clock.deadline > 0) element.textContent = countdown(clock.deadline, Date.now() / 1000 + clock.offset);
}

/** The verifier's trouble with this bounty, if any, said once (not again at every refresh) where the page begins. */
function renderVerifierProblem(problem: string | null): void {
  const element = document.querySelector<HTMLElement>("#verifier-problem")!;
  const text = problem ?? "";
  if (element.textContent !== text) element.textContent = text;
}

const STEPS = [["Models committed", "models"], ["Predictions committed", "predictions"], ["Scores claimed", "claims"], ["Revealed", "reveals"],
  ["Verified", "verified"], ["Rejected", "rejected"]] as const;

/** How many submissions took each step so far (the latest counts, as bars): readable with one trainer as with many. */
function renderActivity(activity: Activity[]): void {
  const latest = activity.at(-1);
  const steps = STEPS.map(([label]) => label);
  const series = [{ label: "Submissions", values: STEPS.map(([, key]) => latest?.[key] ?? 0) }];
  barChart(document.querySelector<HTMLCanvasElement>("#steps-chart")!, steps, series, { horizontal: true });
  render(document.querySelector("#steps-table")!, html`<p id="counts">${latest
    ? `${latest.models} models, ${latest.predictions} predictions, ${latest.claims} claims, ${latest.reveals} reveals, ${latest.verified} verified, ${latest.rejected} rejected.`
    : "No submission yet."}</p>${chartTable("Submissions per step", steps, series)}`);
}

function renderLeaderboard(standings: Standing[], b: Bounty, decimals: number | null): void {
  const score = (value: number | null) => (value === null ? "—" : scoreCell(b, value, decimals));
  // A ruling outranks the verifier's verdict: the arbitrator re-ran what the verifier may have got wrong.
  const verified = (s: Standing) => s.ruledBest ? (s.reproduced === false ? "reproduced (ruled by the arbitrator; the verifier said not)"
    : "reproduced (ruled by the arbitrator)") : s.reproduced === null ? "—" : s.reproduced ? "reproduced" : "not reproduced";
  const outcome = (s: Standing) => s.winner ? html`<strong>winner</strong>` : s.slashed ? `slashed (${s.slashed})` : s.settled ? "settled" : "";
  render(document.querySelector("#leaderboard")!, standings.length === 0 ? html`<p>No submission yet.</p>` : html`
    <table class="table"><thead><tr><th scope="col">Trainer</th><th scope="col">Predicted</th><th scope="col">Claimed</th>
      <th scope="col">Revealed (scored on chain)</th><th scope="col">Verified</th><th scope="col">Outcome</th></tr></thead><tbody>
    ${standings.map((s) => html`<tr><td>${hexCode(s.trainer, "trainer")}</td><td>${s.predicted ? "yes" : "—"}</td>
      <td>${score(s.claimed)}${s.contender ? " (contender)" : ""}</td><td>${score(s.revealedScore)}</td>
      <td>${verified(s)}</td><td>${outcome(s)}</td></tr>`)}
    </tbody></table>`);
}

/** A number from a report, or null: the report on IPFS is whatever its verifier wrote. */
function count(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/**
 * The verdicts the verifier attested on chain, grouped by its report (one per attestVerification call). `regression`:
 * false for a classification bounty, else the target's decimals (null when the metadata names none).
 */
async function renderReports(timeline: TimelineEvent[], classes: string[], regression: Regression): Promise<void> {
  const attestations = timeline.filter((e) => e.name === "VerificationAttested");
  const section = document.querySelector<HTMLElement>("#report-section")!;
  const seen = attestations.map((e) => `${e.block}/${e.txHash}`).join(",");
  if (attestations.length === 0 || section.dataset.attestations === seen) return;
  section.dataset.attestations = seen;
  section.hidden = false;
  const reports = new Map<string, Attested[]>();
  for (const event of attestations) {
    const payload = JSON.parse(event.payload) as { reportCid?: unknown; trainer?: unknown; reproduced?: unknown };
    const reportCid = typeof payload.reportCid === "string" ? payload.reportCid : "";
    reports.set(reportCid, [...(reports.get(reportCid) ?? []), {
      trainer: typeof payload.trainer === "string" ? payload.trainer : "",
      reproduced: payload.reproduced === true || payload.reproduced === "true",
    }]);
  }
  const views = await Promise.all([...reports].map(([reportCid, attested]) => reportView(reportCid, attested, classes, regression)));
  render(document.querySelector("#report")!, html`${views}`);
}

/** False for a classification bounty; for a regression bounty, the target's decimals (null when not known). */
type Regression = number | null | false;

/** One verdict as the chain carries it. */
interface Attested {
  trainer: string;
  reproduced: boolean;
}

/** The on-chain verdicts of one attestation, each with its run from the verifier's report when that can be read. */
async function reportView(reportCid: string, attested: Attested[], classes: string[], regression: Regression): Promise<Html> {
  const path = ipfsPath(reportCid);
  let candidates: unknown[] | null = null;
  let problem: Html | null = null;
  if (path === null) {
    problem = html`The report CID on chain is not a valid CID: <span class="invalid-cid">invalid CID</span>.`;
  } else {
    try {
      const report = await fetchIpfsJson<{ candidates?: unknown }>(reportCid, "verification report");
      candidates = Array.isArray(report.candidates) ? report.candidates : [];
    } catch {
      problem = html`The report <a href="${path}">${parseCid(reportCid)}</a> could not be read.`;
    }
  }
  const candidateOf = (trainer: string) => candidates?.find((c) => typeof c === "object" && c !== null
    && String((c as { trainer?: unknown }).trainer).toLowerCase() === trainer.toLowerCase()) as { result?: unknown; explanation?: unknown } | undefined;
  return html`<div class="report">${attested.map((a) => {
    const candidate = candidateOf(a.trainer);
    const result = candidate && typeof candidate.result === "object" && candidate.result !== null
      ? candidate.result as Partial<Record<keyof VerificationReport, unknown>> : null;
    const explanation = typeof candidate?.explanation === "string" ? candidate.explanation : result && explainRun(a.reproduced, result);
    const details = result && run(result, classes, regression);
    return html`<div class="candidate">
      <p class="verdict"><strong>${a.reproduced ? "Reproduced" : "Not reproduced"}</strong> (attested on chain): the model of
        ${hexCode(a.trainer, "trainer")}.${explanation && html` <span class="explanation">${explanation}</span>`}</p>
      ${details && (a.reproduced ? details : html`<details><summary>The verifier's run, in detail</summary>${details}</details>`)}</div>`;
  })}
    <p>${problem ?? (path && html`Report <a href="${path}">${parseCid(reportCid)}</a>.`)}</p></div>`;
}

/**
 * One sentence on a run, for a report that carries no explanation of its own: what differed, or that the run failed
 * (the failure's own words, often a program's, stay in the details).
 */
function explainRun(reproduced: boolean, result: Partial<Record<keyof VerificationReport, unknown>>): string | null {
  if (reproduced) return null; // the run's line says it
  const [rows, matched] = [count(result.rows), count(result.rowsMatched)];
  if (typeof result.failure === "string" && result.failure !== "") return "The verifier could not run the model to the end; the details say why.";
  if (rows !== null && matched !== null && matched < rows) return `The model made ${rows - matched} of the ${rows} predictions differently from the revealed ones.`;
  return "The verifier's run did not reproduce the revealed predictions.";
}

/**
 * What the verifier's run of one model found, from its report: every field checked, as its verifier wrote it. A
 * regression model's re-run matches a revealed prediction within its tolerance (one unit of the target's last
 * decimal, named in the target's unit, plus 1/65,536 of the value), and has no accuracy or confusion matrix.
 */
function run(result: Partial<Record<keyof VerificationReport, unknown>>, classes: string[], regression: Regression): Html {
  const rows = count(result.rows);
  const correct = count(result.correct);
  const accuracy = rows && correct !== null && correct >= 0 ? ((100 * correct) / rows).toFixed(1) : "—";
  const confusion = Array.isArray(result.confusion) ? (result.confusion as unknown[]).filter(Array.isArray) as unknown[][] : null;
  const matrix = regression === false && confusion && html`
    <table class="matrix"><caption>Confusion matrix (rows: true label, columns: predicted)</caption>
      <thead><tr><th scope="col"></th>${classes.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
      <tbody>${confusion.map((row, i) => html`<tr><th scope="row">${classes[i] ?? String(i)}</th>${row.map((n, j) =>
        html`<td class="${i === j ? "diagonal" : n ? "off" : ""}">${count(n) ?? "?"}</td>`)}</tr>`)}</tbody></table>`;
  return html`<p class="run">The verifier re-ran it on the ${rows ?? "?"} test inputs: ${count(result.rowsMatched) ?? "?"} predictions matched the
    revealed ones${regression === false ? `, accuracy ${accuracy}%`
      : ` within one unit${regression === null ? "" : ` (${inTargetUnit(1, regression)})`} plus 1/65,536 of the value`} (${count(result.inferenceMillis) ?? "?"} ms).
    ${typeof result.failure === "string" && html`<br>${result.failure}`}</p>${matrix}`;
}

/**
 * The audit's verdict on an ended bounty (docs/server.md, "Audit"): the server's replay of its events and files from
 * the chain. Asked again whenever the bounty's history grows (a settlement, a recorded end); each check is text as
 * the server wrote it.
 */
async function renderAudit(id: string, events: number): Promise<void> {
  const section = document.querySelector<HTMLElement>("#audit-section")!;
  if (section.dataset.events === String(events)) return;
  const response = await fetch(`/api/bounties/${id}/audit`, { headers: { Accept: "application/json" } });
  if (!response.ok) return; // not audited yet, or the sandbox is busy: asked again at the next refresh
  const audit = (await response.json()) as { passed?: unknown; verdict?: unknown; checks?: unknown };
  const checks = (Array.isArray(audit.checks) ? audit.checks : []).filter((c): c is Record<string, unknown> => typeof c === "object" && c !== null);
  const inconclusive = audit.verdict === "INCONCLUSIVE";
  // An inconclusive audit (a check it could not make, such as a re-run) is asked for again at the next refresh.
  section.dataset.events = inconclusive ? "" : String(events);
  section.hidden = false;
  const verdict = audit.passed === true ? "Passed" : inconclusive ? "Inconclusive" : "Failed";
  const summary = audit.passed === true ? "; every check holds" : inconclusive ? "; some checks could not be made yet (see below), and are tried again" : "";
  render(document.querySelector("#audit")!, html`<p id="audit-verdict"><strong>${verdict}</strong>:
    the server replayed the bounty from the chain's events and the published files${summary}.</p>
    <table class="table"><thead><tr><th scope="col">Check</th><th scope="col">Verdict</th><th scope="col">Detail</th></tr></thead><tbody>
    ${checks.map((c) => html`<tr><td><code>${String(c.name)}</code></td><td>${String(c.verdict)}</td><td>${String(c.detail ?? "")}</td></tr>`)}
    </tbody></table>`);
}

/**
 * The verification's proposal, from Challenging on: who the verifier proposes (or that nobody reproduces), or a silent
 * verifier's default; final at the end of Challenging unless disputed.
 */
function renderProposal(phase: string, proposal: Proposal | null): void {
  const element = document.querySelector<HTMLElement>("#proposal");
  if (!element) return;
  if (proposal === null) {
    element.hidden = true;
    return;
  }
  element.hidden = false;
  const ended = FINAL.includes(phase);
  const who = proposal.winner === null ? html`<strong>nobody reproduces</strong> (no winner: the reward is burned)`
    : html`<strong>${hexCode(proposal.winner, "proposed winner")}</strong> ${ended ? "win" : "wins"}`;
  const by = proposal.source === "verifier" ? html`The verifier ${ended ? "proposed" : "proposes"} that ${who}.`
    : html`The verifier stayed silent: its default ${ended ? "was" : "is"} that ${who} (the best candidate it did not reject).`;
  const until = phase === "Challenging" ? " Anyone may dispute it until this step ends; then it is final."
    : phase === "Disputed" ? " It is disputed: the arbitrator decides." : "";
  render(element, html`${by}${until}`);
}

/** A ruling in words: for a Verification dispute, the trainer it names by commit sequence, nobody, or no ruling. */
function rulingInWords(dispute: Dispute, standings: Standing[]): string {
  const ruling = Number(dispute.ruling);
  if (ruling === 0) return "the arbitrator refused to rule: the decision stands";
  if (dispute.kind === "TestInputs") return ruling === 1 ? "the test inputs do not open: the requester is at fault" : "the test inputs open";
  const named = standings.find((s) => s.sequence === ruling);
  return named ? `the winner is ${short(named.trainer)} (commit ${ruling})` : `nobody reproduces, or no revealed candidate (choice ${ruling})`;
}

/** The bounty's disputes, each with its cost, its ruling once applied, and the evidence submitted on the bounty. */
function renderDisputes(disputes: Dispute[], evidence: Evidence[], standings: Standing[]): void {
  const section = document.querySelector<HTMLElement>("#dispute-section")!;
  section.hidden = disputes.length === 0 && evidence.length === 0;
  if (section.hidden) return;
  render(document.querySelector("#disputes")!, html`
    ${disputes.map((d) => html`<div class="dispute" id="dispute-${d.disputeId}">
      <p><strong>${d.kind === "Verification" ? "The verification is disputed" : "The test inputs are disputed"}</strong> by
        ${hexCode(d.disputer, "disputer")} (dispute ${d.disputeId} at the arbitrator): ${ether(d.fee)} paid, ${mdc(d.deposit)} deposited.</p>
      <p class="ruling">${d.ruling === null ? "Awaiting the arbitrator's ruling."
        : html`Ruled ${d.ruling}: ${rulingInWords(d, standings)}; the decision was <strong>${d.overturned ? "overturned" : "upheld"}</strong>.`}</p>
    </div>`)}
    ${evidence.length > 0 && html`<h3>Evidence</h3><ul class="evidence">${evidence.map((e) => {
      const path = e.uri?.startsWith("/ipfs/") ? ipfsPath(e.uri.slice("/ipfs/".length)) : null; // a link only to a CID, whatever the server says
      return html`<li>${hexCode(e.party, "party")}:
        ${path === null ? html`<span class="invalid-cid">not an /ipfs/ URI (not shown)</span>` : html`<a href="${path}">${path}</a>`}</li>`;
    })}</ul>`}`);
}

function renderTimeline(timeline: TimelineEvent[]): void {
  render(document.querySelector("#timeline")!, html`
    <table class="table"><thead><tr><th scope="col">Block</th><th scope="col">Event</th><th scope="col">Who</th><th scope="col">Transaction</th></tr></thead>
    <tbody>${timeline.map((e) => {
      const payload = JSON.parse(e.payload);
      const who = payload.trainer ?? payload.winner ?? payload.account ?? payload.requester ?? payload.verifier ?? payload.disputer
        ?? payload._party ?? "";
      return html`<tr><td>${e.block}</td><td>${e.name}${e.name === "PhaseChanged" && html` → ${phaseName(payload.phase)}`}</td>
        <td>${hexCode(who === "" ? null : String(who), "account")}</td><td>${hexCode(e.txHash, "transaction")}</td></tr>`;
    })}</tbody></table>`);
}
